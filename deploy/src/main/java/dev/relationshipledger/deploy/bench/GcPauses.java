package dev.relationshipledger.deploy.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The collector's pauses in this JVM while it is open, on {@link System#nanoTime()}'s scale: to tell how many of an
 * open loop's slow requests a pause overlapped, where the applications and the driver share this JVM. (With G1 every
 * notification is a pause: young, mixed and full collections, and the concurrent cycle's remark and clean-up.)
 */
final class GcPauses implements AutoCloseable {

    /** One pause, {@code [start, end)} in nanoTime. */
    record Pause(long start, long end) {
        boolean overlaps(long from, long to) {
            return start < to && from < end;
        }
    }

    private final List<Pause> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::heard;
    /** nanoTime minus the JVM's uptime in nanoseconds, the scale the notifications use. */
    private final long uptimeToNanoTime;

    GcPauses() {
        long uptime = TimeUnit.MILLISECONDS.toNanos(ManagementFactory.getRuntimeMXBean().getUptime());
        uptimeToNanoTime = System.nanoTime() - uptime;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void heard(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        // milliseconds since the JVM started: a pause shorter than a millisecond still counts as one
        long start = uptimeToNanoTime + TimeUnit.MILLISECONDS.toNanos(info.getStartTime());
        long end = uptimeToNanoTime + TimeUnit.MILLISECONDS.toNanos(Math.max(info.getEndTime(), info.getStartTime() + 1));
        synchronized (pauses) {
            pauses.add(new Pause(start, end));
        }
    }

    /** The pauses heard so far that overlap {@code [from, to)}. */
    List<Pause> within(long from, long to) {
        synchronized (pauses) {
            return pauses.stream().filter(p -> p.overlaps(from, to)).toList();
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException gone) {
                // nothing to remove
            }
        }
    }
}

package dev.relationshipledger.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One launcher per embedded data directory. PostgreSQL's own {@code postmaster.pid} cannot tell a server whose
 * launcher was killed (an orphan to stop and take over) from the server of a launcher still running: both are alive.
 * This lock can: the operating system releases it when its process ends, {@code kill -9} included. It lives beside
 * the data directory ({@code postgres.lock} next to {@code postgres/}), since initdb wants an empty directory.
 */
final class DataDirectoryLock implements AutoCloseable {

    /**
     * Lock files this process holds. A process's locks on a file go with the first handle to it that is closed, any
     * handle, so a second start in this JVM must be refused before it opens the file at all.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory's lock, or refuses to start when a running launcher holds it. */
    static DataDirectoryLock acquire(Path dataDirectory) throws IOException {
        Path file = dataDirectory.toAbsolutePath().normalize().resolveSibling(dataDirectory.getFileName() + ".lock");
        if (!HELD_HERE.add(file)) {
            throw inUse(dataDirectory, Long.toString(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDirectory, holder(channel));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new DataDirectoryLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close(); // releases the lock too, if it was taken
            }
            HELD_HERE.remove(file);
            throw e;
        }
    }

    /** The holder's process id, as it wrote it, read through our own handle. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(32);
        channel.read(content, 0);
        return new String(content.array(), 0, content.position(), StandardCharsets.UTF_8).strip();
    }

    private static IllegalStateException inUse(Path dataDirectory, String holder) {
        return new IllegalStateException("the data directory " + dataDirectory.toAbsolutePath().getParent()
                + " is in use by a running ledger" + (holder.isEmpty() ? "" : " (process " + holder + ")")
                + "; stop it first, or start this one with another LEDGER_DATA_DIR");
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD_HERE.remove(file);
            }
        }
    }
}

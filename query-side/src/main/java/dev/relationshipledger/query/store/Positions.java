package dev.relationshipledger.query.store;

import org.axonframework.eventhandling.EventMessage;

/**
 * The global position of the event being handled. Not the tracking token's position: when a transaction that drew
 * a lower position commits after higher ones, Axon delivers that event late with a token whose index is the
 * highest seen so far, and a projection keyed on the token would file the event under another event's position.
 * The query side's storage engine stamps every event's own position into its metadata instead
 * ({@link PositionStampingEventStorageEngine}).
 */
public final class Positions {

    /** Metadata key of the event's global position, added when the query side reads the event. */
    public static final String KEY = "position";

    private Positions() {
    }

    public static long of(EventMessage<?> message) {
        Object position = message.getMetaData().get(KEY);
        if (position instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("event " + message.getIdentifier() + " carries no position; was it read "
                + "through the PositionStampingEventStorageEngine?");
    }
}

package dev.relationshipledger.query.store;

import org.axonframework.eventhandling.TrackingToken;

/** The global position of the event being handled, read from the processor's tracking token. */
public final class Positions {

    private Positions() {
    }

    public static long of(TrackingToken token) {
        return token.position().orElseThrow(() ->
                new IllegalStateException("the tracking token " + token + " carries no position"));
    }
}

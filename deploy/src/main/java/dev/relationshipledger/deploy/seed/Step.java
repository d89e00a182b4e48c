package dev.relationshipledger.deploy.seed;

/**
 * One command's worth of a planned history: it records {@code events} events when run. Plans are decided up front
 * (which commands, in which order, with which outcome), so a history's length is known before any time is given out.
 */
record Step(int events, Runnable action) {

    static Step of(Runnable action) {
        return new Step(1, action);
    }
}

package dev.relationshipledger.command.store;

import org.axonframework.common.IdentifierFactory;

import java.util.UUID;

/**
 * Identifiers for new events, snapshots and aggregates: UUIDs of version 7 (RFC 9562), whose first 48 bits are the
 * Unix time in milliseconds. Found by Axon through {@code META-INF/services}, so every message the command side
 * creates gets one.
 *
 * <p>Why: the event table keeps a unique index on its identifier. With random (version 4) identifiers each append
 * writes into a random leaf of that index; once the index outgrows memory, appends read pages from disk and write a
 * full page image to the WAL after every checkpoint (the benchmark's profile at 10 million events). Identifiers that
 * grow with time are appended at the index's right edge, where the pages are hot.
 *
 * <p>The other 74 bits come from {@link UUID#randomUUID()}, the JDK's cryptographically strong generator, so
 * identifiers stay unique across nodes and unguessable; they reveal only their creation time, which the event
 * carries anyway. Within one millisecond they are not ordered, which costs nothing: they share a leaf.
 */
public final class TimeOrderedIdentifiers extends IdentifierFactory {

    private static final long VERSION_7 = 0x7000L;

    /** A new version 7 UUID of the current time. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long unixMillis) {
        UUID random = UUID.randomUUID();
        long mostSignificant = (unixMillis << 16) | VERSION_7 | (random.getMostSignificantBits() & 0x0FFFL);
        // the least significant half keeps version 4's variant bits (10), which version 7 uses as well
        return new UUID(mostSignificant, random.getLeastSignificantBits());
    }

    @Override
    public String generateIdentifier() {
        return next().toString();
    }
}

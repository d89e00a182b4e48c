package dev.relationshipledger.command.store;

import org.axonframework.common.IdentifierFactory;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
 * <p>The other 74 bits are random, from a cryptographically strong generator, so identifiers stay unique across
 * nodes and unguessable; they reveal only their creation time, which the event carries anyway. Within one
 * millisecond they are not ordered, which costs nothing: they share a leaf.
 *
 * <p>Each thread draws from a generator of its own (NIST's DRBG, seeded by the JDK from the system's entropy).
 * {@link UUID#randomUUID()} draws from one generator that every thread shares behind a lock, and a command takes
 * several identifiers: under load, commands queued for that lock (fourteenth round of the benchmarks).
 */
public final class TimeOrderedIdentifiers extends IdentifierFactory {

    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_RFC_9562 = 0x8000_0000_0000_0000L;
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(TimeOrderedIdentifiers::generator);

    /** A new version 7 UUID of the current time. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long unixMillis) {
        byte[] bits = new byte[16]; // one draw: each draw from a DRBG hashes its state afresh
        RANDOM.get().nextBytes(bits);
        ByteBuffer random = ByteBuffer.wrap(bits);
        long mostSignificant = (unixMillis << 16) | VERSION_7 | (random.getLong() & 0x0FFFL);
        long leastSignificant = VARIANT_RFC_9562 | (random.getLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(mostSignificant, leastSignificant);
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK offers no DRBG, which every JDK since 9 does", e);
        }
    }

    @Override
    public String generateIdentifier() {
        return next().toString();
    }
}

package dev.relationshipledger.deploy.seed;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic version-4-shaped UUIDs and random streams from the seed and a name: the same seed and name always
 * give the same value, whatever was generated before (so a relationship's history does not depend on the others').
 */
public final class SeedIds {

    private final long seed;

    public SeedIds(long seed) {
        this.seed = seed;
    }

    public UUID uuid(String name, long n) {
        SplittableRandom r = new SplittableRandom(hash(name) ^ (n * 0x9E3779B97F4A7C15L));
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    public SplittableRandom random(String name, long n) {
        return new SplittableRandom(hash(name + "#random") ^ (n * 0xC2B2AE3D27D4EB4FL));
    }

    /** FNV-1a over the seed and the name: 64 bits, so distinct names practically never share a stream. */
    private long hash(String name) {
        long h = 0xcbf29ce484222325L ^ seed;
        h *= 0x100000001b3L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}

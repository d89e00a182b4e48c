package dev.relationshipledger.command.chain.proof;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The canonical encoding and hashing of the chain, version 1. Everything that makes a link, and nothing else, is
 * here, so that the chainer, the verifier (in the application and offline) and evidence packs can never disagree.
 *
 * <p>Encoding: a sequence of fields, each written as a 4-byte big-endian length followed by that many bytes; a
 * missing value (SQL NULL) is the length {@code -1} with no bytes, so NULL and "" differ. Text is UTF-8, numbers
 * are 8-byte big-endian two's complement. Every encoding starts with a tag naming what it encodes and its version,
 * so that an event digest can never be mistaken for a link or a checkpoint.
 *
 * <pre>
 * eventDigest(e) = SHA-256( "relationship-ledger/event/v1", position, event_identifier, aggregate_identifier,
 *                           sequence_number, type, payload_type, payload_revision, payload, meta_data, time_stamp )
 * link(e)        = SHA-256( "relationship-ledger/link/v1", position, eventDigest(e), previous link )
 * previous link of the first event = 32 zero bytes (GENESIS)
 * </pre>
 *
 * A link covers the event's digest rather than its bytes so that an evidence pack can prove one relationship's events
 * against a signed checkpoint while showing only the digests, never the contents, of other relationships' events.
 */
public final class ChainHash {

    public static final int LENGTH = 32;
    public static final String ALGORITHM = "SHA-256; relationship-ledger/event/v1 + relationship-ledger/link/v1";
    static final String EVENT_TAG = "relationship-ledger/event/v1";
    static final String LINK_TAG = "relationship-ledger/link/v1";
    static final String CHECKPOINT_TAG = "relationship-ledger/checkpoint/v1";
    private static final HexFormat HEX = HexFormat.of();

    private ChainHash() {
    }

    /** The link before the first event. */
    public static byte[] genesis() {
        return new byte[LENGTH];
    }

    public static byte[] eventDigest(StoredEvent e) {
        return sha256(new Canonical()
                .text(EVENT_TAG)
                .number(e.position())
                .text(e.eventIdentifier())
                .text(e.aggregateIdentifier())
                .number(e.sequenceNumber())
                .text(e.type())
                .text(e.payloadType())
                .text(e.payloadRevision())
                .bytes(e.payload())
                .bytes(e.metaData())
                .text(e.timeStamp())
                .toByteArray());
    }

    public static byte[] link(long position, byte[] eventDigest, byte[] previousLink) {
        requireHash(eventDigest, "event digest");
        requireHash(previousLink, "previous link");
        return sha256(new Canonical().text(LINK_TAG).number(position).bytes(eventDigest).bytes(previousLink).toByteArray());
    }

    public static byte[] link(StoredEvent event, byte[] previousLink) {
        return link(event.position(), eventDigest(event), previousLink);
    }

    /** What a checkpoint's signature covers. */
    static byte[] checkpointStatement(long headPosition, byte[] headLink, Instant createdAt, String keyId) {
        requireHash(headLink, "head link");
        return new Canonical().text(CHECKPOINT_TAG).number(headPosition).bytes(headLink).text(createdAt.toString())
                .text(keyId).toByteArray();
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void requireHash(byte[] hash, String what) {
        if (hash == null || hash.length != LENGTH) {
            throw new IllegalArgumentException(what + " must be " + LENGTH + " bytes, was "
                    + (hash == null ? "null" : hash.length + ": " + Arrays.toString(hash)));
        }
    }

    /** The length-prefixed field encoding. */
    static final class Canonical {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Canonical bytes(byte[] value) {
            if (value == null) {
                length(-1);
            } else {
                length(value.length);
                out.writeBytes(value);
            }
            return this;
        }

        Canonical text(String value) {
            return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        Canonical number(long value) {
            length(Long.BYTES);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift) & 0xff);
            }
            return this;
        }

        private void length(int length) {
            out.write(length >>> 24);
            out.write(length >>> 16 & 0xff);
            out.write(length >>> 8 & 0xff);
            out.write(length & 0xff);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}

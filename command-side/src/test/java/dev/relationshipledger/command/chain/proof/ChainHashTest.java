package dev.relationshipledger.command.chain.proof;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canonical encoding behind every link: fixed, unambiguous, covering every stored column. */
class ChainHashTest {

    static final StoredEvent EVENT = new StoredEvent(42, "6b1f3c2e-0000-4000-8000-000000000042",
            "3f2c1c9e-5b7a-4a52-9a61-0c2f4e8b1d70", 7, "Relationship", "2026-11-30T10:15:30.123Z",
            "dev.relationshipledger.kernel.relationship.ContactLogged", null,
            "{\"summary\":\"Quarterly review\"}".getBytes(StandardCharsets.UTF_8),
            "{\"actor\":\"rita\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void theEncodingIsPinned() {
        // Changing the encoding invalidates every stored chain: this value may only change with a new version tag.
        assertThat(ChainHash.hex(ChainHash.eventDigest(EVENT)))
                .isEqualTo(ChainHash.hex(ChainHash.sha256(expectedEventEncoding())))
                .isEqualTo(PINNED_DIGEST);
        assertThat(ChainHash.hex(ChainHash.link(EVENT, ChainHash.genesis()))).isEqualTo(PINNED_LINK);
    }

    /** Computed by an independent implementation of the documented layout (a few lines of Python, docs/tamper-evidence.md). */
    static final String PINNED_DIGEST = "084e0fc2502b465139e5e7110793e2c7f6a4804e36038543ce6675f9b7fe541b";
    static final String PINNED_LINK = "e7ec81cf814026881e8525d9f103e3d32dfba187e19a263ffba8e2beda813bc5";

    /** The documented layout, written out by hand: 4-byte length + bytes per field, -1 for NULL. */
    private static byte[] expectedEventEncoding() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        field(out, "relationship-ledger/event/v1".getBytes(StandardCharsets.UTF_8));
        field(out, java.nio.ByteBuffer.allocate(8).putLong(42).array());
        field(out, EVENT.eventIdentifier().getBytes(StandardCharsets.UTF_8));
        field(out, EVENT.aggregateIdentifier().getBytes(StandardCharsets.UTF_8));
        field(out, java.nio.ByteBuffer.allocate(8).putLong(7).array());
        field(out, "Relationship".getBytes(StandardCharsets.UTF_8));
        field(out, EVENT.payloadType().getBytes(StandardCharsets.UTF_8));
        field(out, null);
        field(out, EVENT.payload());
        field(out, EVENT.metaData());
        field(out, EVENT.timeStamp().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void field(java.io.ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            out.writeBytes(value);
        }
    }

    @Test
    void everyCoveredColumnChangesTheLink() {
        List<UnaryOperator<StoredEvent>> changes = List.of(
                e -> with(e, 43, e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> with(e, e.position(), "6b1f3c2e-0000-4000-8000-000000000043", e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), "other", e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), 8, e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), "Complaint", e.timeStamp(), e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), e.type(), "2026-11-30T10:15:30.124Z", e.payloadType(), e.payloadRevision(), e.payload(), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), "x.Other", e.payloadRevision(), e.payload(), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), "2", e.payload(), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), "", e.payload(), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision(), flipped(e.payload(), 3), e.metaData()),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision(), e.payload(), flipped(e.metaData(), 0)),
                e -> with(e, e.position(), e.eventIdentifier(), e.aggregateIdentifier(), e.sequenceNumber(), e.type(), e.timeStamp(), e.payloadType(), e.payloadRevision(), e.payload(), null));
        byte[] original = ChainHash.link(EVENT, ChainHash.genesis());
        for (UnaryOperator<StoredEvent> change : changes) {
            assertThat(ChainHash.link(change.apply(EVENT), ChainHash.genesis())).isNotEqualTo(original);
        }
        byte[] otherPrevious = ChainHash.genesis();
        otherPrevious[31] = 1;
        assertThat(ChainHash.link(EVENT, otherPrevious)).isNotEqualTo(original);
    }

    @Test
    void lengthPrefixesKeepFieldBoundaries() {
        StoredEvent ab = with(EVENT, 1, "ab", "c", 0, null, "", "t", null, new byte[0], null);
        StoredEvent a = with(EVENT, 1, "a", "bc", 0, null, "", "t", null, new byte[0], null);
        assertThat(ab.digest()).isNotEqualTo(a.digest());
        StoredEvent nullType = with(EVENT, 1, "a", "b", 0, null, "", "t", null, new byte[0], null);
        StoredEvent emptyType = with(EVENT, 1, "a", "b", 0, "", "", "t", null, new byte[0], null);
        assertThat(nullType.digest()).isNotEqualTo(emptyType.digest());
    }

    @Test
    void aLinkIsThirtyTwoBytesAndNeedsThirtyTwoByteInputs() {
        assertThat(ChainHash.link(EVENT, ChainHash.genesis())).hasSize(32);
        assertThatThrownBy(() -> ChainHash.link(1, new byte[31], ChainHash.genesis()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChainHash.link(1, ChainHash.genesis(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] flipped(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static StoredEvent with(StoredEvent e, long position, String id, String aggregate, long sequence, String type,
                                    String time, String payloadType, String revision, byte[] payload, byte[] meta) {
        return new StoredEvent(position, id, aggregate, sequence, type, time, payloadType, revision, payload, meta);
    }
}

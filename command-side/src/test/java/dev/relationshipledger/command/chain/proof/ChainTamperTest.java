package dev.relationshipledger.command.chain.proof;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each way a database superuser could change history, with the triggers disabled, is detected and located; a clean
 * chain never reports a problem. A fresh database per test: 10 events, a rolled-back position among them, all
 * linked, and a signed checkpoint of the head.
 */
class ChainTamperTest {

    ChainFixture ledger;
    List<Long> positions;
    long gap;
    Checkpoint checkpoint;

    @TempDir
    Path exportDirectory;

    @BeforeEach
    void tenLinkedEventsAndACheckpoint() throws SQLException {
        ledger = new ChainFixture();
        positions = new java.util.ArrayList<>(ledger.append(4));
        gap = ledger.burnPosition();
        positions.addAll(ledger.append(6));
        ledger.link();
        checkpoint = ledger.checkpoint();
        assertThat(checkpoint.headPosition()).isEqualTo(11);
    }

    @Test
    void aCleanChainReportsNothing() throws SQLException {
        ChainVerifier.Report report = ledger.verify();

        assertThat(report.ok()).as(String.valueOf(report.firstMismatch())).isTrue();
        assertThat(report.firstMismatch()).isNull();
        assertThat(report.eventsChecked()).isEqualTo(10);
        assertThat(report.checkpointsVerified()).isEqualTo(1);
        assertThat(report.checkedTo()).isEqualTo(11);

        ledger.append(3);
        ledger.link();
        ledger.append(2); // not linked yet: counted, not judged
        report = ledger.verify();
        assertThat(report.ok()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(13);
        assertThat(report.unchainedTail()).isEqualTo(2);
        assertThat(ledger.verify(new ChainVerifier.Options(6L, 12L, ledger.key.publicKey(), List.of(), true)).ok()).isTrue();
    }

    @Test
    void theChainFollowsGlobalPositionsAndSkipsRolledBackOnes() throws SQLException {
        try (Connection c = ledger.application(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT position FROM event_store.event_chain ORDER BY position");
            List<Long> chained = new java.util.ArrayList<>();
            while (rs.next()) {
                chained.add(rs.getLong(1));
            }
            assertThat(chained).isEqualTo(positions).doesNotContain(gap);
        }
    }

    @Test
    void aFlippedPayloadByteIsLocated() throws SQLException {
        long victim = positions.get(6);
        ledger.asSuperuser("UPDATE event_store.domain_event_entry SET payload = set_byte(payload, 5, get_byte(payload, 5) # 1) "
                + "WHERE global_index = " + victim);

        assertMismatch(victim, "no longer matches its link");
    }

    @Test
    void aChangedMetadataOrTimestampIsLocated() throws SQLException {
        long victim = positions.get(2);
        ledger.asSuperuser("UPDATE event_store.domain_event_entry SET time_stamp = '2020-01-01T00:00:00Z' WHERE global_index = " + victim);

        assertMismatch(victim, "no longer matches its link");
    }

    @Test
    void aDeletedEventIsLocated() throws SQLException {
        long victim = positions.get(3);
        ledger.asSuperuser("DELETE FROM event_store.domain_event_entry WHERE global_index = " + victim);

        assertMismatch(victim, "event missing");
    }

    @Test
    void swappedEventsAreLocatedAtTheFirstOfThem() throws SQLException {
        long first = positions.get(2);
        long second = positions.get(7);
        ledger.asSuperuser(
                "UPDATE event_store.domain_event_entry SET global_index = -1 WHERE global_index = " + first,
                "UPDATE event_store.domain_event_entry SET global_index = " + first + " WHERE global_index = " + second,
                "UPDATE event_store.domain_event_entry SET global_index = " + second + " WHERE global_index = -1");

        assertMismatch(first, "a different event sits here");
    }

    @Test
    void swappedContentsUnderTheSameIdsAreLocatedToo() throws SQLException {
        long first = positions.get(1);
        long second = positions.get(3);
        ledger.asSuperuser("""
                UPDATE event_store.domain_event_entry e SET payload = o.payload, meta_data = o.meta_data
                FROM event_store.domain_event_entry o
                WHERE (e.global_index, o.global_index) IN ((%d, %d), (%d, %d))""".formatted(first, second, second, first));

        assertMismatch(first, "no longer matches its link");
    }

    @Test
    void aForgedEventInsertedWhereTheChainHadPassedIsLocated() throws SQLException {
        ledger.asSuperuser("""
                INSERT INTO event_store.domain_event_entry (global_index, event_identifier, aggregate_identifier,
                    sequence_number, type, time_stamp, payload_type, payload, meta_data)
                VALUES (%d, 'f0f0f0f0-0000-4000-8000-000000000000', '%s', 99, 'Relationship', '2026-11-30T10:00:00Z',
                    'dev.relationshipledger.kernel.relationship.ContactLogged', '{"summary":"never happened"}', '{"actor":"rita"}')
                """.formatted(gap, ledger.relationshipId));

        assertMismatch(gap, "is not in the chain");
    }

    @Test
    void aTruncatedTailIsLocatedByTheSignedCheckpoint() throws SQLException {
        long firstGone = positions.get(7);
        ledger.asSuperuser("DELETE FROM event_store.domain_event_entry WHERE global_index >= " + firstGone);
        assertMismatch(firstGone, "event missing");

        // A careful attacker removes the tail of the chain too: the signed checkpoint still covers it.
        ledger.asSuperuser("DELETE FROM event_store.event_chain WHERE position >= " + firstGone);
        assertMismatch(firstGone, "events missing: the verified chain ends at position " + positions.get(6));
    }

    @Test
    void historyRewrittenTogetherWithItsLinksFailsAtTheSignedCheckpoint() throws SQLException {
        long victim = positions.get(4);
        ledger.asSuperuser(
                "UPDATE event_store.domain_event_entry SET payload = convert_to('{\"summary\":\"rewritten\"}', 'UTF8') WHERE global_index = " + victim,
                "DELETE FROM event_store.event_chain WHERE position >= " + victim);
        ledger.link(); // the chainer dutifully links the rewritten history again

        assertMismatch(checkpoint.headPosition(), "does not reach the link of signed checkpoint #" + checkpoint.id());
    }

    @Test
    void anOlderBackupRestoredIsExposedByACheckpointKeptOutsideTheDatabase() throws SQLException {
        ledger.asSuperuser(
                "CREATE TABLE public.backup_events AS SELECT * FROM event_store.domain_event_entry",
                "CREATE TABLE public.backup_chain AS SELECT * FROM event_store.event_chain",
                "CREATE TABLE public.backup_checkpoints AS SELECT * FROM event_store.chain_checkpoint");
        List<Long> later = ledger.append(5);
        ledger.link();
        Checkpoint latest = ledger.checkpoint();
        Path exported = latest.exportTo(exportDirectory, ledger.key.publicKey());

        ledger.asSuperuser(
                "TRUNCATE event_store.domain_event_entry, event_store.event_chain, event_store.chain_checkpoint",
                "INSERT INTO event_store.domain_event_entry SELECT * FROM public.backup_events",
                "INSERT INTO event_store.event_chain SELECT * FROM public.backup_chain",
                "INSERT INTO event_store.chain_checkpoint OVERRIDING SYSTEM VALUE SELECT * FROM public.backup_checkpoints");

        // The database alone is consistent again: that is why checkpoints must be anchored outside it.
        assertThat(ledger.verify().ok()).isTrue();
        ChainVerifier.Report report = ledger.verify(new ChainVerifier.Options(null, null, ledger.key.publicKey(),
                List.of(Checkpoint.readFile(exported)), true));
        assertThat(report.ok()).isFalse();
        assertThat(report.firstMismatch().position()).isEqualTo(checkpoint.headPosition() + 1).isEqualTo(later.get(0));
        assertThat(report.firstMismatch().problem()).contains("events missing", "checkpoint given");
    }

    @Test
    void aForgedOrAlteredCheckpointIsReported() throws SQLException {
        ledger.asSuperuser("UPDATE event_store.chain_checkpoint SET head_position = head_position - 1");
        assertMismatch(checkpoint.headPosition() - 1, "invalid signature");

        SigningKey attacker = SigningKey.generate();
        Checkpoint forged = Checkpoint.sign(5, ChainHash.genesis(), Instant.now(), attacker);
        ChainVerifier.Report report = ledger.verify(new ChainVerifier.Options(null, null, ledger.key.publicKey(),
                List.of(forged), false));
        assertThat(report.ok()).isFalse();
        assertThat(report.firstMismatch().problem()).contains("does not carry a valid signature of the trusted key");
    }

    @Test
    void aRangeStartingAtACheckpointIsAnchoredToItAndReadsNothingBefore() throws SQLException {
        ledger.append(3);
        ledger.link();
        long head = checkpoint.headPosition();
        ChainVerifier.Options fromCheckpoint = new ChainVerifier.Options(head, null, ledger.key.publicKey(), List.of(), true);
        ChainVerifier.Report report = ledger.verify(fromCheckpoint);
        assertThat(report.ok()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(4);
        assertThat(report.checkpointsVerified()).isEqualTo(1);

        long before = positions.get(2);
        ledger.asSuperuser("UPDATE event_store.domain_event_entry SET payload = convert_to('{}', 'UTF8') WHERE global_index = " + before);
        assertThat(ledger.verify(fromCheckpoint).ok()).as("history before the range is not read").isTrue();
        assertThat(ledger.verify().firstMismatch().position()).isEqualTo(before);

        ledger.asSuperuser("UPDATE event_store.domain_event_entry SET payload = convert_to('{}', 'UTF8') WHERE global_index = " + head);
        assertThat(ledger.verify(fromCheckpoint).firstMismatch().position()).isEqualTo(head);
    }

    @Test
    void theLinkerWaitsAtAYoungGapAndPassesItAfterTheGracePeriod() throws SQLException {
        MutableClock clock = new MutableClock();
        ChainLinker patient = new ChainLinker(Duration.ofSeconds(10), 500, clock);
        long young = ledger.burnPosition();
        List<Long> after = ledger.append(2);

        ChainLinker.Round round = ledger.link(patient);
        assertThat(round.linked()).isZero();
        assertThat(round.waitingAt()).isEqualTo(young);

        clock.advance(Duration.ofSeconds(9));
        assertThat(ledger.link(patient).linked()).isZero();
        clock.advance(Duration.ofSeconds(1));
        round = ledger.link(patient);
        assertThat(round.linked()).isEqualTo(2);
        assertThat(round.head().position()).isEqualTo(after.get(1));

        // The slow append commits after all: it stays outside the chain and verification says so.
        ledger.asSuperuser("""
                INSERT INTO event_store.domain_event_entry (global_index, event_identifier, aggregate_identifier,
                    sequence_number, type, time_stamp, payload_type, payload, meta_data)
                VALUES (%d, 'a1a1a1a1-0000-4000-8000-000000000000', 'late', 0, 'Relationship', '2026-11-30T10:00:00Z',
                    'x.Late', '{}', '{}')""".formatted(young));
        assertMismatch(young, "committed later than the gap grace period");
    }

    @Test
    void onlyOneLinkerLinksAtATime() throws SQLException {
        ledger.append(3);
        try (Connection other = ledger.application(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + ChainLinker.LOCK_KEY + ")");
            ChainLinker.Round round = ledger.link(new ChainLinker(Duration.ZERO, 500, Clock.systemUTC()));
            assertThat(round.lockHeld()).isFalse();
            assertThat(round.linked()).isZero();
            other.commit();
        }
        assertThat(ledger.link(new ChainLinker(Duration.ZERO, 500, Clock.systemUTC())).linked()).isEqualTo(3);
    }

    @Test
    void theApplicationRoleMayNotChangeTheChainAndTriggersRefuseEvenTheOwner() throws SQLException {
        try (Connection c = ledger.application(); Statement s = c.createStatement()) {
            for (String sql : List.of("UPDATE event_store.event_chain SET linked_at = now()",
                    "DELETE FROM event_store.chain_checkpoint", "TRUNCATE event_store.event_chain")) {
                assertThatThrownBy(() -> s.execute(sql)).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
        try (Connection c = ledger.superuser(); Statement s = c.createStatement()) {
            for (String sql : List.of("UPDATE event_store.event_chain SET linked_at = now()",
                    "DELETE FROM event_store.chain_checkpoint", "TRUNCATE event_store.event_chain")) {
                assertThatThrownBy(() -> s.execute(sql)).hasMessageContaining("append-only");
            }
        }
    }

    private void assertMismatch(long position, String problem) throws SQLException {
        ChainVerifier.Report report = ledger.verify();
        assertThat(report.ok()).isFalse();
        assertThat(report.firstMismatch().position()).as(report.firstMismatch().problem()).isEqualTo(position);
        assertThat(report.firstMismatch().problem()).contains(problem);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

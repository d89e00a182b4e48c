package dev.relationshipledger.command.idempotency;

import dev.relationshipledger.kernel.personaldata.KeyHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Remembers, per user and {@code Idempotency-Key}, which request was answered with which append
 * ({@code event_store.idempotency_key}). The row is written in the transaction that appends the events, so a
 * retry after a lost response (or a crash) finds either both or neither. Keys are kept for
 * {@code ledger.idempotency.retention} (default 24 h), then forgotten.
 */
@Repository
public class IdempotencyKeys {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeys.class);

    /** A remembered answer: the request's fingerprint and what it appended. */
    public record Remembered(byte[] requestHash, String aggregateId, long version) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration retention;

    public IdempotencyKeys(JdbcTemplate jdbc, Clock clock,
                           @Value("${ledger.idempotency.retention:24h}") Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    public Optional<Remembered> find(String actor, String key) {
        List<Remembered> rows = jdbc.query("""
                        SELECT request_hash, aggregate_id, version FROM event_store.idempotency_key
                        WHERE actor = ? AND idempotency_key = ? AND created_at > ?""",
                (rs, i) -> new Remembered(rs.getBytes(1), rs.getString(2), rs.getLong(3)),
                actor, key, Timestamp.from(clock.instant().minus(retention)));
        return rows.stream().findFirst();
    }

    /**
     * Called inside the command's transaction; a concurrent request with the same key makes it fail (unique key).
     * {@code sealed} is the person, contact or complaint whose sealed values the request recorded, if any, so that
     * their erasure can forget it.
     */
    void remember(String actor, String key, byte[] requestHash, String aggregateId, long version, KeyHolder sealed) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("DELETE FROM event_store.idempotency_key WHERE actor = ? AND idempotency_key = ? AND created_at <= ?",
                actor, key, Timestamp.from(clock.instant().minus(retention)));
        // A plain insert on purpose: if a live row with this key exists (a concurrent retry committed first), the
        // unique key fails this transaction and its events are not appended.
        if (sealed == null) {
            jdbc.update("""
                            INSERT INTO event_store.idempotency_key
                                (actor, idempotency_key, request_hash, aggregate_id, version, created_at)
                            VALUES (?, ?, ?, ?, ?, ?)""",
                    actor, key, requestHash, aggregateId, version, now);
            return;
        }
        // Not for one erased meanwhile: in a group of commands the erasure may have forgotten their requests
        // already, in this same transaction, before this row was written (a group's rows are written at its end).
        // The table's column for the holder's id is named as in its key table (person_id, contact_id, complaint_id).
        jdbc.update("INSERT INTO event_store.idempotency_key"
                        + " (actor, idempotency_key, request_hash, aggregate_id, version, created_at, "
                        + sealed.idColumn() + ") SELECT ?, ?, ?, ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM " + sealed.table()
                        + " WHERE relationship_id = ? AND " + sealed.idColumn() + " = ? AND secret IS NULL)",
                actor, key, requestHash, aggregateId, version, now, sealed.id(), sealed.relationshipId().value(),
                sealed.id());
    }

    /**
     * Forgets the requests that recorded a person's details, a contact's text or a complaint's: their
     * fingerprints hash what was recorded, so one kept after the erasure could confirm a guess. Called in the
     * erasure's transaction; a retry of such a request is then decided again, and refused (erased stays erased).
     */
    public int forgetRequestsRecording(KeyHolder sealed) {
        return jdbc.update("DELETE FROM event_store.idempotency_key WHERE aggregate_id = ? AND "
                + sealed.idColumn() + " = ?", sealed.aggregateId(), sealed.id());
    }

    @Scheduled(fixedDelayString = "${ledger.idempotency.cleanup-interval:PT10M}", initialDelayString = "PT1M")
    public void forgetExpired() {
        int forgotten = jdbc.update("DELETE FROM event_store.idempotency_key WHERE created_at <= ?",
                Timestamp.from(clock.instant().minus(retention)));
        if (forgotten > 0) {
            LOG.info("forgot {} idempotency keys older than {}", forgotten, retention);
        }
    }
}

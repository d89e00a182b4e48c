package dev.relationshipledger.query.rebuild;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.message.LedgerEvent;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.query.operations.BackgroundPriority;
import dev.relationshipledger.query.personaldata.PersonalDataKeyReader;
import dev.relationshipledger.query.store.ReadHorizon;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads the events of one rebuild in position order, up to the event store's read horizon, deserializes each once
 * and hands them on in chunks: in the bulk pass to each projection's pass on its own thread ({@link PassWorker}), in
 * the catch-up to the passes directly, on the switching transaction's connection. Reports its progress in
 * {@code read_model.projection_rebuild}.
 */
final class EventScan {

    /**
     * The events, and with a person's added event their ids and key (decision 0019): the key table is joined only
     * for those events (the lateral's condition on the outer row is checked before anything in it), so that the
     * scan reads no key on a round trip of its own.
     */
    private static final String EVENTS_UP_TO_HORIZON = """
            SELECT e.global_index, e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data,
                e.event_identifier, e.type, e.aggregate_identifier, e.sequence_number,
                person.relationship_id, person.person_id, person.secret, person.erased
            FROM event_store.domain_event_entry e
            LEFT JOIN LATERAL (
                SELECT ids.relationship_id, ids.person_id, k.secret, k.erased_at IS NOT NULL AS erased
                FROM (SELECT (j ->> 'relationshipId')::uuid AS relationship_id,
                             (j #>> '{person,personId}')::uuid AS person_id
                      FROM (SELECT convert_from(e.payload, 'UTF8')::jsonb AS j) payload) ids
                LEFT JOIN event_store.personal_data_key k
                       ON k.relationship_id = ids.relationship_id AND k.person_id = ids.person_id
                WHERE e.payload_type = 'dev.relationshipledger.kernel.relationship.CounterpartyPersonAdded'
            ) person ON true
            WHERE e.global_index > ? AND e.global_index <= ?
            ORDER BY e.global_index""";

    /** Events handed on together (one prefetch of their relationships' states); the scan's fetch size too. */
    private static final int CHUNK = 1000;

    /** How far a pass got: the read horizon it read up to (every position at or below it is final) and the count. */
    record Folded(long lastPosition, long done) {
    }

    final String name;
    final List<RebuildTarget> targets;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final PersonalDataKeyReader keys;
    private final BackgroundPriority priority;
    private final int flushEvery;

    EventScan(String name, List<RebuildTarget> targets, DataSource dataSource, JdbcTemplate jdbc, Serializer serializer,
              PersonalDataKeyReader keys, BackgroundPriority priority, int flushEvery) {
        this.name = name;
        this.targets = targets;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.keys = keys;
        this.priority = priority;
        this.flushEvery = flushEvery;
    }

    /**
     * Every event up to the read horizon: nothing can still commit below it (decision 0007), so the catch-up
     * starts exactly there and misses nothing.
     */
    Folded bulk(List<RebuildTarget.Pass> passes) throws SQLException, InterruptedException {
        List<PassWorker> workers = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            workers.add(new PassWorker(targets.get(i).projection(), passes.get(i), priority));
        }
        Folded folded;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            folded = read(c, 0, ReadHorizon.of(c), 0, chunk -> workers.forEach(w -> w.send(chunk)),
                    () -> workers.forEach(PassWorker::flushPart));
            c.commit();
            // all passes write what they still hold at once
            workers.forEach(PassWorker::end);
            for (PassWorker worker : workers) {
                worker.awaitEnd();
            }
        } finally {
            workers.forEach(PassWorker::stop);
        }
        jdbc.update("UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? WHERE projection = ?",
                folded.done(), folded.lastPosition(), name);
        return folded;
    }

    /** The events after the bulk pass, up to the read horizon as it stands now, in the switching transaction. */
    Folded catchUp(Connection c, List<RebuildTarget.Pass> passes, Folded bulk) throws SQLException {
        Folded folded = read(c, bulk.lastPosition(), ReadHorizon.of(c), bulk.done(),
                chunk -> passes.forEach(pass -> pass.fold(chunk)), null);
        passes.forEach(RebuildTarget.Pass::finish);
        return folded;
    }

    /** Reads and deserializes the events, handing them on in chunks; {@code flushPart} (if any) every flush-every. */
    private Folded read(Connection c, long after, long horizon, long doneBefore,
                        Consumer<List<StoredEvent>> fold, Runnable flushPart) throws SQLException {
        long done = doneBefore;
        List<StoredEvent> chunk = new ArrayList<>(CHUNK);
        try (PreparedStatement s = c.prepareStatement(EVENTS_UP_TO_HORIZON)) {
            // Prepared on the server from the first execution, so that the payloads come in binary, not as hex
            // text that PostgreSQL encodes and the driver decodes again.
            s.unwrap(PGStatement.class).setPrepareThreshold(-1);
            s.setFetchSize(CHUNK);
            s.setLong(1, after);
            s.setLong(2, horizon);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    StoredEvent event = event(rs);
                    if (event != null) {
                        chunk.add(event);
                    }
                    done++;
                    boolean flush = flushPart != null && done % flushEvery == 0;
                    if ((flush || chunk.size() >= CHUNK) && !chunk.isEmpty()) {
                        fold.accept(chunk);
                        chunk = new ArrayList<>(CHUNK);
                    }
                    if (flush) {
                        flushPart.run();
                        jdbc.update("UPDATE read_model.projection_rebuild SET events_done = ?, last_position = ? "
                                + "WHERE projection = ?", done, rs.getLong(1), name);
                    }
                }
                if (!chunk.isEmpty()) {
                    fold.accept(chunk);
                }
            }
        }
        return new Folded(Math.max(after, horizon), done);
    }

    private StoredEvent event(ResultSet rs) throws SQLException {
        SimpleSerializedObject<byte[]> stored = new SimpleSerializedObject<>(rs.getBytes(5), byte[].class,
                rs.getString(3), rs.getString(4));
        UUID personId = rs.getObject(12, UUID.class);
        Object payload = personId == null ? serializer.deserialize(stored)
                : keys.withKeyRead(new KeyHolder.Person(new RelationshipId(rs.getObject(11, UUID.class)),
                        new PersonId(personId)), rs.getBytes(13), rs.getBoolean(14), () -> serializer.deserialize(stored));
        if (!(payload instanceof LedgerEvent event)) {
            return null;
        }
        return new StoredEvent(rs.getLong(1), event, Instant.parse(rs.getString(2)), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getLong(10), rs.getBytes(6));
    }
}

package dev.relationshipledger.query.operations;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.springboot.EventProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The dead-letter queues of the query side's processing groups, as operators see them: what is parked (read with
 * plain SQL, so listing never deserializes payloads), retrying parked sequences through Axon after a fix (the
 * projection handles them again, in order, in one transaction per retry), and evicting a sequence for good.
 */
@Component
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final List<String> groups;
    private final AtomicLong retried = new AtomicLong();

    public DeadLetters(ObjectProvider<EventProcessingConfiguration> processing, JdbcTemplate jdbc, Serializer serializer,
                       EventProcessorProperties processors) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.groups = processors.getProcessors().entrySet().stream()
                .filter(e -> e.getValue().getDlq().isEnabled())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** How many letters a group has parked, in how many sequences (relationships). */
    public record Size(String processingGroup, long letters, long sequences) {
    }

    /** One parked event. {@code position} is its global position in the ledger. */
    public record Letter(String id, long index, String eventIdentifier, String payloadType, Long position,
                         Instant recordedAt, Instant enqueuedAt, Instant lastTouched, String causeType,
                         String causeMessage) {
    }

    /** One parked sequence: its size and its first letters, oldest first (the first one is the one that failed). */
    public record Sequence(String sequenceIdentifier, long letters, List<Letter> first) {
    }

    public record Listing(String processingGroup, long letters, long sequences, List<Sequence> items,
                          String nextAfter) {
    }

    /** What a retry did: sequences fully handled (and removed), and sequences that failed again (still parked). */
    public record Retry(String processingGroup, int retried, int failed, long remainingLetters) {
    }

    /** The processing groups that have a dead-letter queue ({@code dlq.enabled}). */
    public List<String> groups() {
        return groups;
    }

    public boolean hasQueue(String group) {
        return groups.contains(group);
    }

    public Map<String, Size> sizes() {
        Map<String, Size> sizes = new LinkedHashMap<>();
        groups.forEach(group -> sizes.put(group, new Size(group, 0, 0)));
        jdbc.query("SELECT processing_group, count(*), count(DISTINCT sequence_identifier) FROM "
                        + DeadLetterConfiguration.TABLE + " GROUP BY processing_group",
                rs -> {
                    String group = rs.getString(1);
                    sizes.put(group, new Size(group, rs.getLong(2), rs.getLong(3)));
                });
        return sizes;
    }

    public Size size(String group) {
        return jdbc.queryForObject("SELECT count(*), count(DISTINCT sequence_identifier) FROM "
                        + DeadLetterConfiguration.TABLE + " WHERE processing_group = ?",
                (rs, i) -> new Size(group, rs.getLong(1), rs.getLong(2)), group);
    }

    /** Parked sequences in order of their identifier, after {@code after}, with their first letters each. */
    public Listing list(String group, String after, int limit, int lettersPerSequence) {
        Size size = size(group);
        List<Object[]> sequences = jdbc.query("""
                        SELECT sequence_identifier, count(*) FROM %s
                        WHERE processing_group = ? AND sequence_identifier > ?
                        GROUP BY sequence_identifier ORDER BY sequence_identifier LIMIT ?"""
                        .formatted(DeadLetterConfiguration.TABLE),
                (rs, i) -> new Object[]{rs.getString(1), rs.getLong(2)}, group, after == null ? "" : after, limit + 1);
        boolean more = sequences.size() > limit;
        List<Object[]> page = more ? sequences.subList(0, limit) : sequences;
        List<Sequence> items = new ArrayList<>();
        for (Object[] sequence : page) {
            String id = (String) sequence[0];
            items.add(new Sequence(id, (Long) sequence[1], letters(group, id, lettersPerSequence)));
        }
        return new Listing(group, size.letters(), size.sequences(), items,
                more ? (String) page.get(page.size() - 1)[0] : null);
    }

    private List<Letter> letters(String group, String sequence, int limit) {
        return jdbc.query("""
                        SELECT dead_letter_id, sequence_index, event_identifier, payload_type, token_type, token,
                               time_stamp, enqueued_at, last_touched, cause_type, cause_message
                        FROM %s WHERE processing_group = ? AND sequence_identifier = ?
                        ORDER BY sequence_index LIMIT ?""".formatted(DeadLetterConfiguration.TABLE),
                (rs, i) -> new Letter(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        position(rs.getString(5), rs.getBytes(6)), instant(rs.getString(7)), instant(rs.getString(8)),
                        instant(rs.getString(9)), rs.getString(10), rs.getString(11)),
                group, sequence, limit);
    }

    private Long position(String tokenType, byte[] token) {
        if (tokenType == null || token == null) {
            return null;
        }
        try {
            TrackingToken tracking = serializer.deserialize(
                    new SimpleSerializedObject<>(token, byte[].class, tokenType, null));
            return tracking.position().isPresent() ? tracking.position().getAsLong() : null;
        } catch (RuntimeException e) {
            return null; // a token this version cannot read; the rest of the letter is still worth showing
        }
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    /**
     * Retries every parked sequence of the group once, oldest identifier first. A sequence whose first letter fails
     * again stays parked as it was (its retry is rolled back) and the next one is tried.
     */
    public Retry retryAll(String group) {
        List<String> sequences = jdbc.queryForList("SELECT DISTINCT sequence_identifier FROM "
                + DeadLetterConfiguration.TABLE + " WHERE processing_group = ? ORDER BY 1", String.class, group);
        int ok = 0;
        int failed = 0;
        for (String sequence : sequences) {
            if (retrySequence(group, sequence)) {
                ok++;
            } else {
                failed++;
            }
        }
        return new Retry(group, ok, failed, size(group).letters());
    }

    /** Retries one parked sequence; empty when the group has nothing parked under that identifier. */
    public Optional<Retry> retry(String group, String sequence) {
        if (!contains(group, sequence)) {
            return Optional.empty();
        }
        boolean ok = retrySequence(group, sequence);
        return Optional.of(new Retry(group, ok ? 1 : 0, ok ? 0 : 1, size(group).letters()));
    }

    private boolean retrySequence(String group, String sequence) {
        Predicate<DeadLetter<? extends EventMessage<?>>> thisSequence = letter ->
                letter instanceof JdbcDeadLetter<?> jdbcLetter && sequence.equals(jdbcLetter.getSequenceIdentifier());
        try {
            boolean processed = processor(group).process(thisSequence);
            if (processed) {
                retried.incrementAndGet();
            }
            return processed && !contains(group, sequence);
        } catch (RuntimeException e) {
            LOG.warn("retrying the dead letters of {} in {} failed; they stay parked", sequence, group, e);
            return false;
        }
    }

    /**
     * Removes a parked sequence for good, in one statement: its events will not reach the projection (until a
     * rebuild replays them). Answers how many letters were removed.
     */
    public int evict(String group, String sequence) {
        int evicted = jdbc.update("DELETE FROM " + DeadLetterConfiguration.TABLE
                + " WHERE processing_group = ? AND sequence_identifier = ?", group, sequence);
        if (evicted > 0) {
            LOG.warn("evicted {} dead letters of sequence {} from {}: the projection will not see them", evicted,
                    sequence, group);
        }
        return evicted;
    }

    public boolean contains(String group, String sequence) {
        Integer found = jdbc.queryForObject("SELECT count(*) FROM " + DeadLetterConfiguration.TABLE
                + " WHERE processing_group = ? AND sequence_identifier = ?", Integer.class, group, sequence);
        return found != null && found > 0;
    }

    /** Sequences fully handled by retries since this node started. */
    public long retriedSequences() {
        return retried.get();
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> processor(String group) {
        return processing.getObject().sequencedDeadLetterProcessor(group).orElseThrow(() ->
                new IllegalStateException("processing group " + group + " has no dead-letter processor"));
    }
}

package dev.relationshipledger.command.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relationshipledger.command.chain.proof.ChainLinker;
import dev.relationshipledger.command.chain.proof.Checkpoint;
import dev.relationshipledger.command.chain.proof.SigningKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs the {@link ChainLinker} in the background: every {@code ledger.chain.link-interval} it links what has been
 * committed since, as many batches as there are, and signs a checkpoint of the head every
 * {@code checkpoint-every-events} events or {@code checkpoint-interval}, whichever comes first. Appends never wait
 * for it. Across command nodes the linker's advisory lock lets one link at a time.
 */
@Component
public class EventChainer {

    private static final Logger LOG = LoggerFactory.getLogger(EventChainer.class);
    /** Every checkpoint as one JSON line: route this logger to an external sink to stream checkpoints off the host. */
    private static final Logger CHECKPOINTS = LoggerFactory.getLogger("dev.relationshipledger.chain.checkpoints");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCHES_PER_TICK = 200;

    private final DataSource dataSource;
    private final ChainSettings settings;
    private final ChainLinker linker;
    private final Optional<SigningKey> key;
    private final Clock clock;
    private volatile long head;
    private volatile long waitingAt;

    public EventChainer(DataSource dataSource, ChainSettings settings, DeploymentKey key, Clock clock,
                        ObjectProvider<MeterRegistry> meters) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.key = key.optional();
        this.clock = clock;
        this.linker = new ChainLinker(settings.gapGrace(), settings.batchSize(), clock);
        meters.ifAvailable(registry -> {
            Gauge.builder("ledger.chain.head", this, c -> c.head)
                    .description("Global position of the last event linked into the hash chain").register(registry);
            Gauge.builder("ledger.chain.waiting.gap", this, c -> c.waitingAt)
                    .description("First position of a gap the chainer waits at (0: none)").register(registry);
        });
        if (this.key.isEmpty()) {
            LOG.warn("ledger.chain.signing-key-file is not set: the chain is linked but no checkpoint is signed");
        }
    }

    @Scheduled(fixedDelayString = "${ledger.chain.link-interval:PT1S}", initialDelayString = "${ledger.chain.link-interval:PT1S}")
    public void tick() {
        if (!settings.enabled()) {
            return;
        }
        try {
            linkAvailable();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("linking the hash chain failed; retrying in {}", settings.linkInterval(), e);
        }
    }

    /** Links everything committed so far (up to a gap still in its grace period); answers how many were linked. */
    public synchronized int linkAvailable() throws SQLException {
        int linked = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
            ChainLinker.Round round;
            Checkpoint checkpoint = null;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    round = linker.linkRound(c);
                    if (round.lockHeld()) {
                        checkpoint = checkpointIfDue(c, round.head());
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
            published(checkpoint);
            if (round.head() != null) {
                head = round.head().position();
            }
            waitingAt = round.waitingAt() == null ? 0 : round.waitingAt();
            linked += round.linked();
            if (!round.full()) {
                break;
            }
        }
        return linked;
    }

    /**
     * Signs the current head now unless a checkpoint of this key already covers it (evidence packs need one).
     * Answers the checkpoint covering the head, or empty when there is no key or no chain.
     */
    public Optional<Checkpoint> checkpointNow() throws SQLException {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Checkpoint checkpoint;
        try (Connection c = dataSource.getConnection()) {
            ChainLinker.Head current = ChainLinker.head(c);
            if (current == null) {
                return Optional.empty();
            }
            Optional<Checkpoint> latest = Checkpoint.latest(c);
            if (latest.isPresent() && latest.get().headPosition() >= current.position()
                    && latest.get().keyId().equals(key.get().keyId())) {
                return latest;
            }
            checkpoint = Checkpoint.sign(current.position(), current.link(), clock.instant(), key.get()).insert(c);
        }
        published(checkpoint);
        return Optional.of(checkpoint);
    }

    private Checkpoint checkpointIfDue(Connection c, ChainLinker.Head current) throws SQLException {
        if (key.isEmpty() || current == null) {
            return null;
        }
        Optional<Checkpoint> latest = Checkpoint.latest(c);
        Instant now = clock.instant();
        boolean due = latest.isEmpty()
                || current.position() - latest.get().headPosition() >= settings.checkpointEveryEvents()
                || current.position() > latest.get().headPosition()
                && Duration.between(latest.get().createdAt(), now).compareTo(settings.checkpointInterval()) >= 0;
        return due ? Checkpoint.sign(current.position(), current.link(), now, key.get()).insert(c) : null;
    }

    private void published(Checkpoint checkpoint) {
        if (checkpoint == null) {
            return;
        }
        var publicKey = key.get().publicKey();
        try {
            CHECKPOINTS.info(JSON.writeValueAsString(checkpoint.toJson(publicKey).without("publicKey")));
        } catch (Exception e) {
            LOG.warn("could not log checkpoint #{}", checkpoint.id(), e);
        }
        settings.exportDirectory().ifPresent(directory -> {
            try {
                checkpoint.exportTo(directory, publicKey);
            } catch (RuntimeException e) {
                LOG.error("could not export checkpoint #{} to {}: anchor it by hand (GET /chain/checkpoints)",
                        checkpoint.id(), directory, e);
            }
        });
    }
}

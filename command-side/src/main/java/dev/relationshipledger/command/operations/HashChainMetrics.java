package dev.relationshipledger.command.operations;

import dev.relationshipledger.support.operations.RefreshedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The hash chain's state for Prometheus, read from {@code event_store.event_chain} and
 * {@code event_store.chain_checkpoint} if, and only if, those tables exist. Until the chain is built (or when this
 * side's login may not read them) the gauges exist and answer NaN, and {@code ledger_chain_tables_present} is 0,
 * so dashboards and alert rules can be written now and start working when the tables appear.
 *
 * <p>The two queries are configuration ({@code ledger.metrics.chain.*}, command-side.yml), so the chain's author
 * can point them at the real columns without touching this class: the head query answers one number (the highest
 * position the chain covers); the verification query answers one row: when the last verification ran
 * (timestamp), up to which position it checked (number) and whether the chain was intact (boolean).
 *
 * <p>The state is read every 5 s in the background ({@link RefreshedReading}); a scrape reads memory only. When the
 * database cannot be read every gauge answers NaN, {@code ledger_chain_tables_present} too (whether the chain exists
 * is unknown, and {@code LedgerHashChainVerificationOverdue} must not fire for a database outage).
 */
@Component
public class HashChainMetrics implements MeterBinder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HashChainMetrics.class);
    static final Duration EVERY = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final String headQuery;
    private final String verificationQuery;
    private final RefreshedReading<State> state;

    public HashChainMetrics(JdbcTemplate jdbc,
                            @Value("${ledger.metrics.chain.head-query}") String headQuery,
                            @Value("${ledger.metrics.chain.verification-query}") String verificationQuery) {
        this.jdbc = jdbc;
        this.headQuery = headQuery;
        this.verificationQuery = verificationQuery;
        this.state = new RefreshedReading<>("the hash chain's state", EVERY, State.UNREADABLE, this::read,
                last -> State.UNREADABLE, LOG);
    }

    /** What the gauges show; NaN where unknown. */
    record State(double present, double head, double verifiedAt, double verifiedUpTo, double verified) {
        static final State ABSENT = new State(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        static final State UNREADABLE = new State(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Reads from now on: a JdbcTemplate is made only after Flyway migrated the database. */
    @PostConstruct
    void start() {
        state.start();
    }

    @Override
    public void close() {
        state.close();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "ledger.chain.tables.present",
                "1 when the hash chain's tables exist in event_store, 0 before the chain is built", State::present);
        gauge(registry, "ledger.chain.head.position",
                "Highest global position the hash chain covers (NaN without a chain)", State::head);
        gauge(registry, "ledger.chain.verification.success",
                "Result of the last chain verification: 1 intact, 0 broken, NaN never verified or no chain", State::verified);
        gauge(registry, "ledger.chain.verification.position",
                "Global position up to which the last verification checked the chain", State::verifiedUpTo);
        gauge(registry, "ledger.chain.verification.timestamp.seconds",
                "When the last chain verification ran (Unix time)", State::verifiedAt);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<State> value) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.state())).description(description)
                .register(registry);
    }

    State state() {
        return state.get();
    }

    /** Throws when the database cannot be read; a chain whose configured queries fail is present with NaN values. */
    State read() {
        Boolean present = jdbc.queryForObject("SELECT to_regclass('event_store.event_chain') IS NOT NULL"
                + " AND to_regclass('event_store.chain_checkpoint') IS NOT NULL", Boolean.class);
        if (!Boolean.TRUE.equals(present)) {
            return State.ABSENT;
        }
        try {
            Number head = jdbc.queryForObject(headQuery, Number.class);
            List<State> verification = jdbc.query(verificationQuery, (rs, i) -> {
                Timestamp at = rs.getTimestamp(1);
                long upTo = rs.getLong(2);
                boolean upToKnown = !rs.wasNull();
                boolean intact = rs.getBoolean(3);
                boolean intactKnown = !rs.wasNull();
                return new State(1, Double.NaN, at == null ? Double.NaN : at.getTime() / 1000.0,
                        upToKnown ? upTo : Double.NaN, intactKnown ? (intact ? 1 : 0) : Double.NaN);
            });
            double headValue = head == null ? Double.NaN : head.doubleValue();
            if (verification.isEmpty()) {
                return new State(1, headValue, Double.NaN, Double.NaN, Double.NaN);
            }
            State last = verification.get(0);
            return new State(1, headValue, last.verifiedAt(), last.verifiedUpTo(), last.verified());
        } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
            throw e; // the database, not the queries: unreadable
        } catch (RuntimeException e) {
            LOG.debug("could not read the hash chain's state", e);
            return new State(1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
    }
}

package dev.relationshipledger.command.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
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
 */
@Component
public class HashChainMetrics implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(HashChainMetrics.class);
    private static final long FRESH_NANOS = 5_000_000_000L;

    private final JdbcTemplate jdbc;
    private final String headQuery;
    private final String verificationQuery;
    private volatile State state;
    private volatile long stateAt;

    public HashChainMetrics(JdbcTemplate jdbc,
                            @Value("${ledger.metrics.chain.head-query}") String headQuery,
                            @Value("${ledger.metrics.chain.verification-query}") String verificationQuery) {
        this.jdbc = jdbc;
        this.headQuery = headQuery;
        this.verificationQuery = verificationQuery;
    }

    /** What the gauges show; NaN where unknown. */
    record State(double present, double head, double verifiedAt, double verifiedUpTo, double verified) {
        static final State UNKNOWN = new State(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
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
        long now = System.nanoTime();
        State current = state;
        if (current == null || now - stateAt > FRESH_NANOS) {
            current = read();
            state = current;
            stateAt = now;
        }
        return current;
    }

    private State read() {
        try {
            Boolean present = jdbc.queryForObject("SELECT to_regclass('event_store.event_chain') IS NOT NULL"
                    + " AND to_regclass('event_store.chain_checkpoint') IS NOT NULL", Boolean.class);
            if (!Boolean.TRUE.equals(present)) {
                return State.UNKNOWN;
            }
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
        } catch (RuntimeException e) {
            LOG.debug("could not read the hash chain's state", e);
            return new State(1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
    }
}

package dev.relationshipledger.deploy.seed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --seed N [--seed-random S]}: demo and BI data. Seeds N relationships with full histories
 * ({@link Population}, {@link Population.Mix#DEMO}, random seed S, default 42) into the command side's event store
 * once its migrations have run and before it serves a request or its event processors start; the query side then
 * projects them like any others. Only an empty event store is seeded: otherwise nothing is written and the log says
 * why, so restarting with the same arguments never duplicates anything.
 */
public final class Seeding {

    private static final Logger LOG = LoggerFactory.getLogger(Seeding.class);
    public static final long DEFAULT_RANDOM_SEED = 42;
    static final String PREFIX = "demo";

    /** N relationships, generated from random seed {@code random}. */
    public record Request(int relationships, long random) {
        public Request {
            if (relationships < 1) {
                throw new IllegalArgumentException("--seed needs a number of relationships of 1 or more");
            }
        }
    }

    /** The launcher's arguments with the seeding ones taken out ({@code rest} go to Spring). */
    public record Arguments(Optional<Request> request, String[] rest) {
    }

    /** What a seeding did: nothing (the store held events) or the generated population. */
    public record Outcome(boolean seeded, long eventsAlreadyStored, Population.Generated generated) {
    }

    private Seeding() {
    }

    /**
     * Takes {@code --seed N} and {@code --seed-random S} (also as {@code --seed=N}, {@code --seed-random=S}) out of
     * the arguments: they are ours, not Spring properties.
     */
    public static Arguments parse(String[] args) {
        List<String> rest = new ArrayList<>();
        Integer relationships = null;
        long random = DEFAULT_RANDOM_SEED;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--seed") || arg.equals("--seed-random")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a number");
                }
                String value = args[++i];
                if (arg.equals("--seed")) {
                    relationships = number(arg, value).intValue();
                } else {
                    random = number(arg, value);
                }
            } else if (arg.startsWith("--seed=")) {
                relationships = number("--seed", arg.substring(7)).intValue();
            } else if (arg.startsWith("--seed-random=")) {
                random = number("--seed-random", arg.substring(14));
            } else {
                rest.add(arg);
            }
        }
        Optional<Request> request = relationships == null ? Optional.empty()
                : Optional.of(new Request(relationships, random));
        return new Arguments(request, rest.toArray(String[]::new));
    }

    private static Long number(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, not '" + value + "'");
        }
    }

    /**
     * For the command side's context: seeds once every singleton exists (Flyway has migrated the event store) and
     * before the context starts its lifecycle (web server, event processors, the chainer's schedule).
     */
    public static ApplicationContextInitializer<ConfigurableApplicationContext> beforeServing(Request request) {
        return context -> ((GenericApplicationContext) context).registerBean("ledgerDemoSeeding",
                SmartInitializingSingleton.class,
                () -> () -> seedIfEmpty(context.getBean(DataSource.class), request));
    }

    /** Seeds when the event store holds no event; logs what it did either way. */
    public static Outcome seedIfEmpty(DataSource dataSource, Request request) {
        try (Connection c = dataSource.getConnection()) {
            long stored = storedEvents(c);
            if (stored > 0) {
                LOG.warn("--seed {}: NOT seeded, the event store already holds {} events (seeding only fills an "
                        + "empty ledger, so nothing is ever duplicated)", request.relationships(), stored);
                return new Outcome(false, stored, null);
            }
            long started = System.nanoTime();
            Population.Generated generated = new Population(request.random())
                    .generate(c, PREFIX, request.relationships(), Population.Mix.DEMO, Population::demoContacts, 0);
            LOG.info("--seed {} --seed-random {}: seeded {} relationships with {} events in {} ms; by type: {}",
                    request.relationships(), request.random(), generated.relationshipIds().size(), generated.events(),
                    (System.nanoTime() - started) / 1_000_000, generated.eventsByType());
            return new Outcome(true, 0, generated);
        } catch (SQLException e) {
            throw new IllegalStateException("could not seed the event store", e);
        }
    }

    private static long storedEvents(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM (SELECT 1 FROM event_store.domain_event_entry LIMIT 1) e")) {
            rs.next();
            return rs.getLong(1) == 0 ? 0 : countAll(c);
        }
    }

    private static long countAll(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM event_store.domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

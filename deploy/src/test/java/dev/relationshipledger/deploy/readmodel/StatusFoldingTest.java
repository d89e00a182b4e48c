package dev.relationshipledger.deploy.readmodel;

import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.id.UserName;
import dev.relationshipledger.kernel.relationship.AccessDelegated;
import dev.relationshipledger.kernel.relationship.ContactChannel;
import dev.relationshipledger.kernel.relationship.ContactLogged;
import dev.relationshipledger.kernel.relationship.Counterparty;
import dev.relationshipledger.kernel.relationship.CounterpartyKind;
import dev.relationshipledger.kernel.relationship.DelegationRevoked;
import dev.relationshipledger.kernel.relationship.RelationshipOpened;
import dev.relationshipledger.kernel.relationship.Sentiment;
import dev.relationshipledger.kernel.relationship.Tier;
import dev.relationshipledger.query.fold.RelationshipState;
import dev.relationshipledger.query.status.RelationshipStatusTable;
import dev.relationshipledger.query.status.StatusFolding;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fold batch reads the stored states of a batch's relationships in one query ({@code prefetch}), and folds on
 * from exactly those states: the live projection does this once per unit of work, a rebuild once per chunk of
 * events. On the real database, in the shadow tables of a fresh ledger.
 */
class StatusFoldingTest extends RunningLedger {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void aBatchReadsItsRelationshipsStatesInOneQueryAndFoldsOnFromThem() {
        StatusFolding folding = ledger.querySide().getBean(StatusFolding.class);
        DataSource dataSource = ledger.querySide().getBean(DataSource.class);
        RelationshipId a = RelationshipId.generate();
        RelationshipId b = RelationshipId.generate();
        RelationshipId c = RelationshipId.generate();

        StatusFolding.Batch first = folding.batch("_next", new JdbcTemplate(dataSource));
        first.apply(opened(a), 1, T0);
        first.apply(opened(b), 2, T0);
        first.apply(contact(a), 3, T0);
        first.flush();

        StateReads reads = new StateReads(dataSource);
        StatusFolding.Batch second = folding.batch("_next", reads);
        second.prefetch(List.of(a.toString(), b.toString(), c.toString(), a.toString()));
        second.apply(contact(a), 3, T0); // a re-delivery: position 3 is in the prefetched state already
        second.apply(contact(a), 4, T0);
        second.apply(contact(b), 5, T0);
        second.apply(opened(c), 6, T0);
        second.apply(contact(c), 7, T0);
        second.apply(contact(a), 8, T0);
        second.flush();

        assertThat(reads.count).as("state reads of the second batch").hasValue(1);
        RelationshipStatusTable shadow = new RelationshipStatusTable(new JdbcTemplate(dataSource), "_next");
        Map<String, RelationshipState> stored = shadow.findAll(List.of(a.toString(), b.toString(), c.toString()));
        assertThat(stored.get(a.toString()).contactCount()).isEqualTo(3);
        assertThat(stored.get(a.toString()).lastPosition()).isEqualTo(8);
        assertThat(stored.get(b.toString()).contactCount()).isEqualTo(1);
        assertThat(stored.get(b.toString()).lastPosition()).isEqualTo(5);
        assertThat(stored.get(c.toString()).contactCount()).isEqualTo(1);
        assertThat(stored.get(c.toString()).counterpartyName()).isEqualTo("Counterparty " + c);
    }

    @Test
    void aBatchThatFoldedAnOlderStateWritesNoStaleDelegates() {
        // A live batch that read a relationship's state, then waited while a rebuild's switch wrote a newer one: its
        // status row loses the position guard, and its delegate rows must not bring back what the newer one revoked.
        StatusFolding folding = ledger.querySide().getBean(StatusFolding.class);
        JdbcTemplate jdbc = new JdbcTemplate(ledger.querySide().getBean(DataSource.class));
        RelationshipId r = RelationshipId.generate();
        StatusFolding.Batch setup = folding.batch("_next", jdbc);
        setup.apply(opened(r), 1, T0);
        setup.flush();

        StatusFolding.Batch stale = folding.batch("_next", jdbc);
        stale.apply(new AccessDelegated(r, UserName.of("ralf")), 2, T0);
        StatusFolding.Batch newer = folding.batch("_next", jdbc);
        newer.apply(new AccessDelegated(r, UserName.of("ralf")), 2, T0);
        newer.apply(new DelegationRevoked(r, UserName.of("ralf")), 3, T0);
        newer.flush();
        assertThat(delegates(jdbc, r)).isEmpty();
        stale.flush();

        assertThat(new RelationshipStatusTable(jdbc, "_next").find(r.toString()).orElseThrow().lastPosition())
                .as("the newer row won").isEqualTo(3);
        assertThat(delegates(jdbc, r)).as("and its delegates").isEmpty();

        StatusFolding.Batch next = folding.batch("_next", jdbc);
        next.apply(new AccessDelegated(r, UserName.of("ralf")), 4, T0);
        next.flush();
        assertThat(delegates(jdbc, r)).containsExactly("ralf");
    }

    static List<String> delegates(JdbcTemplate jdbc, RelationshipId r) {
        return jdbc.queryForList("SELECT delegate FROM read_model.relationship_delegate_next WHERE relationship_id = ?",
                String.class, r.value());
    }

    static RelationshipOpened opened(RelationshipId id) {
        return new RelationshipOpened(id, new Counterparty("Counterparty " + id, CounterpartyKind.CUSTOMER, "retail"),
                UserName.of("rita"), Tier.KEY);
    }

    static ContactLogged contact(RelationshipId id) {
        return new ContactLogged(id, ContactId.generate(), ContactChannel.CALL, List.of(), "call", Sentiment.POSITIVE,
                List.of(), T0);
    }

    /** Counts the queries that read stored states (one relationship, or many at once). */
    static final class StateReads extends JdbcTemplate {
        final AtomicInteger count = new AtomicInteger();

        StateReads(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public <T> List<T> query(String sql, RowMapper<T> rowMapper, Object... args) {
            count.incrementAndGet();
            return super.query(sql, rowMapper, args);
        }

        @Override
        public void query(PreparedStatementCreator creator, RowCallbackHandler handler) {
            count.incrementAndGet();
            super.query(creator, handler);
        }
    }
}

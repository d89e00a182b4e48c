package dev.relationshipledger.command.personaldata;

import dev.relationshipledger.command.CommandSideTest;
import dev.relationshipledger.kernel.id.ContactId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.SecretKey;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A contact's key is made in memory and written just before its transaction commits, in one batch with the others
 * (decision 0021): every read in the transaction sees it, a rollback leaves nothing, an erasure in the same
 * transaction leaves it destroyed.
 */
class UnwrittenKeysTest extends CommandSideTest {

    @Autowired
    JdbcPersonalDataKeys keys;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    KeyHolder contact() {
        return new KeyHolder.Contact(RelationshipId.of(java.util.UUID.randomUUID().toString()), ContactId.generate());
    }

    List<Map<String, Object>> rows(KeyHolder holder) {
        return jdbc.queryForList("SELECT secret, erased_at FROM event_store.contact_text_key "
                + "WHERE relationship_id = ? AND contact_id = ?", holder.relationshipId().value(), holder.id());
    }

    @Test
    void aNewKeyIsSeenInItsTransactionAndWrittenAtItsCommitWithTheOthers() {
        KeyHolder first = contact();
        KeyHolder second = contact();
        SecretKey made = new TransactionTemplate(transactions).execute(status -> {
            SecretKey key = keys.newKey(first);
            keys.newKey(second);
            assertThat(keys.newKey(first)).as("asked again: the same key").isEqualTo(key);
            assertThat(keys.openingKey(first)).contains(key);
            assertThat(keys.sealingKey(first)).as("a correction in the same transaction").isEqualTo(key);
            assertThat(keys.erased(first)).isFalse();
            assertThat(rows(first)).as("not written yet").isEmpty();
            return key;
        });

        assertThat(rows(first)).singleElement().satisfies(row -> assertThat((byte[]) row.get("secret"))
                .isEqualTo(made.getEncoded()));
        assertThat(rows(second)).hasSize(1);
        assertThat(keys.openingKey(first)).contains(made);
    }

    @Test
    void aRolledBackTransactionWritesNoKey() {
        KeyHolder holder = contact();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            keys.newKey(holder);
            status.setRollbackOnly();
        });

        assertThat(rows(holder)).isEmpty();
        assertThat(keys.openingKey(holder)).isEmpty();
    }

    @Test
    void aKeyMadeForAHolderThatHasOneFailsTheTransactionRatherThanBeLost() {
        KeyHolder holder = contact();
        SecretKey existing = keys.sealingKey(holder);
        KeyHolder other = contact();

        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            keys.newKey(other);
            keys.newKey(holder);
        })).hasStackTraceContaining("has a key already");

        assertThat(keys.openingKey(holder)).as("the key it had").contains(existing);
        assertThat(rows(other)).as("nothing of the transaction written").isEmpty();
    }

    @Test
    void keysOfOneTransactionAreNotWrittenByTheNext() {
        KeyHolder rolledBack = contact();
        KeyHolder next = contact();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            keys.newKey(rolledBack);
            status.setRollbackOnly();
        });
        new TransactionTemplate(transactions).executeWithoutResult(status -> keys.newKey(next));

        assertThat(rows(rolledBack)).isEmpty();
        assertThat(rows(next)).hasSize(1);
    }

    @Test
    void anErasureInTheSameTransactionLeavesTheKeyDestroyed() {
        KeyHolder erasedAfter = contact();
        KeyHolder erasedBefore = contact();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            keys.newKey(erasedAfter);
            assertThat(keys.destroy(erasedAfter)).as("a key existed").isTrue();
            assertThat(keys.destroy(erasedBefore)).as("none existed").isFalse();
            keys.newKey(erasedBefore);
        });

        for (KeyHolder holder : List.of(erasedAfter, erasedBefore)) {
            assertThat(rows(holder)).singleElement().satisfies(row -> {
                assertThat(row.get("secret")).isNull();
                assertThat(row.get("erased_at")).isNotNull();
            });
            assertThat(keys.erased(holder)).isTrue();
        }
    }
}

package dev.relationshipledger.command.personaldata;

import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.personaldata.KeyTable;
import dev.relationshipledger.kernel.personaldata.PersonalDataKeys;
import dev.relationshipledger.kernel.personaldata.Seal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of persons and contacts as the command side's serializer uses them (decisions 0019 and 0021). Through the
 * JDBC template, so that inside a command's transaction a new key is written on the connection that appends the
 * event that needs it: the two commit together or not at all, and no key exists without its event.
 *
 * <p>A contact's key ({@link #newKey}) is made in memory and written just before the transaction commits, with the
 * other contacts' of the transaction in one batch: a group of commands (decision 0018) then writes its keys in one
 * round trip instead of one per contact, on the committer's thread. Until then every read in the transaction sees
 * the key made; an erasure in the same transaction leaves it destroyed ({@link KeyTable#insertNew}).
 */
@Component
public class JdbcPersonalDataKeys implements PersonalDataKeys {

    private final JdbcTemplate jdbc;

    public JdbcPersonalDataKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public SecretKey newKey(KeyHolder holder) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return sealingKey(holder);
        }
        return unwritten().computeIfAbsent(holder, h -> Seal.newKey());
    }

    @Override
    public SecretKey sealingKey(KeyHolder holder) {
        SecretKey unwritten = unwrittenKey(holder);
        return unwritten != null ? unwritten : jdbc.execute((Connection c) -> KeyTable.create(c, holder));
    }

    @Override
    public Optional<SecretKey> openingKey(KeyHolder holder) {
        SecretKey unwritten = unwrittenKey(holder);
        return unwritten != null ? Optional.of(unwritten) : jdbc.execute((Connection c) -> KeyTable.read(c, holder));
    }

    @Override
    public boolean erased(KeyHolder holder) {
        return unwrittenKey(holder) == null
                && Boolean.TRUE.equals(jdbc.execute((Connection c) -> KeyTable.erased(c, holder)));
    }

    /** Destroys the holder's key, one not written yet included; whether a key existed (decision 0019). */
    public boolean destroy(KeyHolder holder) {
        boolean unwritten = TransactionSynchronizationManager.isSynchronizationActive() && unwritten().remove(holder) != null;
        boolean destroyed = Boolean.TRUE.equals(jdbc.execute((Connection c) -> KeyTable.destroy(c, holder)));
        return destroyed || unwritten;
    }

    private SecretKey unwrittenKey(KeyHolder holder) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<KeyHolder, SecretKey> keys = (Map<KeyHolder, SecretKey>) TransactionSynchronizationManager.getResource(this);
        return keys == null ? null : keys.get(holder);
    }

    /** The keys made in this transaction and not written yet; the first one registers their writing. */
    private Map<KeyHolder, SecretKey> unwritten() {
        @SuppressWarnings("unchecked")
        Map<KeyHolder, SecretKey> keys = (Map<KeyHolder, SecretKey>) TransactionSynchronizationManager.getResource(this);
        if (keys == null) {
            Map<KeyHolder, SecretKey> made = new LinkedHashMap<>();
            TransactionSynchronizationManager.bindResource(this, made);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    if (!made.isEmpty()) {
                        jdbc.execute((Connection c) -> {
                            KeyTable.insertNew(c, made);
                            return null;
                        });
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(JdbcPersonalDataKeys.this);
                }
            });
            keys = made;
        }
        return keys;
    }
}

package dev.relationshipledger.query.personaldata;

import com.zaxxer.hikari.HikariDataSource;
import dev.relationshipledger.kernel.personaldata.KeyHolder;
import dev.relationshipledger.kernel.personaldata.KeyTable;
import dev.relationshipledger.kernel.personaldata.PersonalDataKeys;
import dev.relationshipledger.kernel.personaldata.Seal;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the keys of persons and contacts for the query side's serializers (decisions 0019, 0021), so that every
 * reader of events — the projections, a rebuild, time travel — opens a person's details, or reads them as erased, in
 * the same way (a contact's text only where it is shown: time travel's steps, the audit trail's pages asked to).
 *
 * <p>Through a pool of its own ({@code ledger.personal-data.key-pool-size}, default 2, none held while idle): a key
 * is read while an event is deserialized, and some readers deserialize while they hold a connection of the main
 * pool (time travel's history, a rebuild's scan). Taking a second one from the same pool could wait for ever once
 * every connection is held by such a reader; a key read never waits for the main pool. Keys are not cached: the
 * moment a key is destroyed, no reader opens the details with it.
 */
@Component
public class PersonalDataKeyReader implements PersonalDataKeys.ReadOnly, DisposableBean {

    private final HikariDataSource keys;
    /** A key read already, with its event, for the deserialization running on this thread ({@link #withKeyRead}). */
    private final ThreadLocal<KeyRead> keyRead = new ThreadLocal<>();

    private record KeyRead(KeyHolder holder, Optional<SecretKey> key, boolean erased) {
    }

    public PersonalDataKeyReader(DataSourceProperties database,
                                 @Value("${ledger.personal-data.key-pool-size:2}") int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("ledger.personal-data.key-pool-size must be at least 1, not " + poolSize);
        }
        keys = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        keys.setPoolName("ledger-query-keys");
        keys.setMaximumPoolSize(poolSize);
        keys.setMinimumIdle(0);
        keys.setConnectionTimeout(5_000);
        keys.setReadOnly(true);
        keys.addDataSourceProperty("ApplicationName", "ledger-query-keys");
    }

    /**
     * Runs a deserialization with the holder's key read already, by the query that read their event (a rebuild's
     * scan and time travel's history join the key tables): no round trip of its own, which cost the scan about
     * 0.1 ms per person (docs/measurements.md, twenty-fifth round). {@code secret} null: the key was destroyed
     * ({@code erased}), or never existed.
     */
    public <T> T withKeyRead(KeyHolder holder, byte[] secret, boolean erased, Supplier<T> deserialization) {
        keyRead.set(new KeyRead(holder, Optional.ofNullable(secret).map(Seal::key), erased));
        try {
            return deserialization.get();
        } finally {
            keyRead.remove();
        }
    }

    @Override
    public Optional<SecretKey> openingKey(KeyHolder holder) {
        KeyRead read = readAlready(holder);
        return read != null ? read.key() : fromPool(KeyTable::read, holder);
    }

    @Override
    public boolean erased(KeyHolder holder) {
        KeyRead read = readAlready(holder);
        return read != null ? read.erased() : fromPool(KeyTable::erased, holder);
    }

    private KeyRead readAlready(KeyHolder holder) {
        KeyRead read = keyRead.get();
        return read != null && read.holder().equals(holder) ? read : null;
    }

    private <T> T fromPool(KeyTable.Statement<T> statement, KeyHolder holder) {
        try (Connection connection = keys.getConnection()) {
            return KeyTable.run(statement, connection, holder);
        } catch (SQLException e) {
            throw new IllegalStateException("no connection of the key pool (ledger-query-keys)", e);
        }
    }

    @Override
    public void destroy() {
        keys.close();
    }
}

package dev.relationshipledger.query.personaldata;

import com.zaxxer.hikari.HikariDataSource;
import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
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
 * Reads the persons' keys for the query side's serializer (decision 0019), so that every reader of events — the
 * projections, a rebuild, time travel — opens a person's details, or reads them as erased, in the same way.
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

    private record KeyRead(RelationshipId relationshipId, PersonId personId, Optional<SecretKey> key, boolean erased) {

        boolean of(RelationshipId relationship, PersonId person) {
            return relationshipId.equals(relationship) && personId.equals(person);
        }
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
     * Runs a deserialization with the person's key read already, by the query that read their event (a rebuild's
     * scan joins the key table): no round trip of its own, which cost the scan about 0.1 ms per person (docs/
     * measurements.md, twenty-fifth round). {@code secret} null: the key was destroyed ({@code erased}), or never
     * existed.
     */
    public <T> T withKeyRead(RelationshipId relationshipId, PersonId personId, byte[] secret, boolean erased,
                             Supplier<T> deserialization) {
        keyRead.set(new KeyRead(relationshipId, personId, Optional.ofNullable(secret).map(Seal::key), erased));
        try {
            return deserialization.get();
        } finally {
            keyRead.remove();
        }
    }

    @Override
    public Optional<SecretKey> openingKey(RelationshipId relationshipId, PersonId personId) {
        KeyRead read = readAlready(relationshipId, personId);
        return read != null ? read.key() : fromPool(KeyTable::read, relationshipId, personId);
    }

    @Override
    public boolean erased(RelationshipId relationshipId, PersonId personId) {
        KeyRead read = readAlready(relationshipId, personId);
        return read != null ? read.erased() : fromPool(KeyTable::erased, relationshipId, personId);
    }

    private KeyRead readAlready(RelationshipId relationshipId, PersonId personId) {
        KeyRead read = keyRead.get();
        return read != null && read.of(relationshipId, personId) ? read : null;
    }

    private <T> T fromPool(KeyTable.Statement<T> statement, RelationshipId relationshipId, PersonId personId) {
        try (Connection connection = keys.getConnection()) {
            return KeyTable.run(statement, connection, relationshipId, personId);
        } catch (SQLException e) {
            throw new IllegalStateException("no connection of the key pool (ledger-query-keys)", e);
        }
    }

    @Override
    public void destroy() {
        keys.close();
    }
}

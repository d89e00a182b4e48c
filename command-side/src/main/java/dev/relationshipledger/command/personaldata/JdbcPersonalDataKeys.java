package dev.relationshipledger.command.personaldata;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;
import dev.relationshipledger.kernel.personaldata.KeyTable;
import dev.relationshipledger.kernel.personaldata.PersonalDataKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import java.util.Optional;

/**
 * The persons' keys as the command side's serializer uses them (decision 0019). Through the JDBC template, so that
 * inside a command's transaction a new key is written on the connection that appends the person's event: the two
 * commit together or not at all, and no key exists without its event.
 */
@Component
public class JdbcPersonalDataKeys implements PersonalDataKeys {

    private final JdbcTemplate jdbc;

    public JdbcPersonalDataKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public SecretKey sealingKey(RelationshipId relationshipId, PersonId personId) {
        return jdbc.execute((java.sql.Connection c) -> KeyTable.create(c, relationshipId, personId));
    }

    @Override
    public Optional<SecretKey> openingKey(RelationshipId relationshipId, PersonId personId) {
        return jdbc.execute((java.sql.Connection c) -> KeyTable.read(c, relationshipId, personId));
    }

    @Override
    public boolean erased(RelationshipId relationshipId, PersonId personId) {
        return Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) -> KeyTable.erased(c, relationshipId, personId)));
    }
}

package dev.relationshipledger.kernel.personaldata;

import dev.relationshipledger.kernel.id.PersonId;
import dev.relationshipledger.kernel.id.RelationshipId;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The statements on {@code event_store.personal_data_key} (command side's V13), in plain JDBC on a connection the
 * caller holds, so that every writer and reader of events — both sides, the seed — keeps keys the same way. A key
 * is created and destroyed in the caller's transaction: with the event that needs it, with the event that erases.
 */
public final class KeyTable {

    private KeyTable() {
    }

    /** One statement on the key table about one person. */
    @FunctionalInterface
    public interface Statement<T> {
        T run(Connection connection, RelationshipId relationshipId, PersonId personId) throws SQLException;
    }

    /** Runs a statement about one person, a failure of the database as an unchecked exception naming them. */
    public static <T> T run(Statement<T> statement, Connection connection, RelationshipId relationshipId,
                            PersonId personId) {
        try {
            return statement.run(connection, relationshipId, personId);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read or write the key of person " + personId
                    + " on relationship " + relationshipId, e);
        }
    }

    /** Keys created and read on one connection, in its transaction: for tools that write or scan events directly. */
    public static PersonalDataKeys on(Connection connection) {
        return new PersonalDataKeys() {
            @Override
            public SecretKey sealingKey(RelationshipId relationshipId, PersonId personId) {
                return run(KeyTable::create, connection, relationshipId, personId);
            }

            @Override
            public Optional<SecretKey> openingKey(RelationshipId relationshipId, PersonId personId) {
                return run(KeyTable::read, connection, relationshipId, personId);
            }

            @Override
            public boolean erased(RelationshipId relationshipId, PersonId personId) {
                return run(KeyTable::erased, connection, relationshipId, personId);
            }
        };
    }

    /** The person's key, created now if they have none; refused if it was destroyed. */
    public static SecretKey create(Connection connection, RelationshipId relationshipId, PersonId personId)
            throws SQLException {
        SecretKey fresh = Seal.newKey();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO event_store.personal_data_key (relationship_id, person_id, secret) VALUES (?, ?, ?)
                ON CONFLICT (relationship_id, person_id) DO NOTHING""")) {
            insert.setObject(1, relationshipId.value());
            insert.setObject(2, personId.value());
            insert.setBytes(3, fresh.getEncoded());
            if (insert.executeUpdate() == 1) {
                return fresh;
            }
        }
        return read(connection, relationshipId, personId)
                .orElseThrow(() -> new PersonalDataErased(relationshipId, personId));
    }

    /** The person's key; empty if it was destroyed or never created. */
    public static Optional<SecretKey> read(Connection connection, RelationshipId relationshipId, PersonId personId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT secret FROM event_store.personal_data_key WHERE relationship_id = ? AND person_id = ?""")) {
            select.setObject(1, relationshipId.value());
            select.setObject(2, personId.value());
            try (ResultSet row = select.executeQuery()) {
                byte[] secret = row.next() ? row.getBytes(1) : null;
                return secret == null ? Optional.empty() : Optional.of(Seal.key(secret));
            }
        }
    }

    /** Whether the person's key was destroyed (a row without a secret). */
    public static boolean erased(Connection connection, RelationshipId relationshipId, PersonId personId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT 1 FROM event_store.personal_data_key
                WHERE relationship_id = ? AND person_id = ? AND erased_at IS NOT NULL""")) {
            select.setObject(1, relationshipId.value());
            select.setObject(2, personId.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * Destroys the person's key; a person recorded before sealing (who has none) gets a destroyed one, so that no
     * key is ever made for their id afterwards and their clear-text details read as erased. Returns whether a key
     * existed and was destroyed now.
     */
    public static boolean destroy(Connection connection, RelationshipId relationshipId, PersonId personId)
            throws SQLException {
        try (PreparedStatement destroy = connection.prepareStatement("""
                UPDATE event_store.personal_data_key SET secret = NULL, erased_at = now()
                WHERE relationship_id = ? AND person_id = ? AND secret IS NOT NULL""")) {
            destroy.setObject(1, relationshipId.value());
            destroy.setObject(2, personId.value());
            if (destroy.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement none = connection.prepareStatement("""
                INSERT INTO event_store.personal_data_key (relationship_id, person_id, secret, erased_at)
                VALUES (?, ?, NULL, now()) ON CONFLICT (relationship_id, person_id) DO NOTHING""")) {
            none.setObject(1, relationshipId.value());
            none.setObject(2, personId.value());
            none.executeUpdate();
        }
        return false;
    }
}

package dev.relationshipledger.kernel.personaldata;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The statements on the key tables ({@code event_store.personal_data_key}, command side's V13,
 * {@code event_store.contact_text_key}, V15, and {@code event_store.complaint_text_key}, V16), in plain JDBC on a connection the caller holds, so that every writer
 * and reader of events — both sides, the seed — keeps keys the same way. A key is created and destroyed in the
 * caller's transaction: with the event that needs it, with the event that erases.
 */
public final class KeyTable {

    private KeyTable() {
    }

    /** One statement on a key table about one holder. */
    @FunctionalInterface
    public interface Statement<T> {
        T run(Connection connection, KeyHolder holder) throws SQLException;
    }

    /** Runs a statement about one holder, a failure of the database as an unchecked exception naming them. */
    public static <T> T run(Statement<T> statement, Connection connection, KeyHolder holder) {
        try {
            return statement.run(connection, holder);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read or write the key of " + holder, e);
        }
    }

    /** Keys created and read on one connection, in its transaction: for tools that write or scan events directly. */
    public static PersonalDataKeys on(Connection connection) {
        return new PersonalDataKeys() {
            @Override
            public SecretKey sealingKey(KeyHolder holder) {
                return run(KeyTable::create, connection, holder);
            }

            @Override
            public Optional<SecretKey> openingKey(KeyHolder holder) {
                return run(KeyTable::read, connection, holder);
            }

            @Override
            public boolean erased(KeyHolder holder) {
                return run(KeyTable::erased, connection, holder);
            }
        };
    }

    /** The holder's key, created now if they have none; refused if it was destroyed. */
    public static SecretKey create(Connection connection, KeyHolder holder) throws SQLException {
        SecretKey fresh = Seal.newKey();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + holder.table()
                + " (relationship_id, " + holder.idColumn() + ", secret) VALUES (?, ?, ?)"
                + " ON CONFLICT (relationship_id, " + holder.idColumn() + ") DO NOTHING")) {
            insert.setObject(1, holder.relationshipId().value());
            insert.setObject(2, holder.id());
            insert.setBytes(3, fresh.getEncoded());
            if (insert.executeUpdate() == 1) {
                return fresh;
            }
        }
        return read(connection, holder)
                .orElseThrow(() -> new PersonalDataErased(holder));
    }

    /**
     * Stores keys made for holders that had none ({@link PersonalDataKeys#newKey}), in one batch per key table. A
     * holder whose key was destroyed by now keeps it destroyed (an erasure in the same transaction); one that has a
     * live key fails the whole transaction: its event was sealed with the key made, which would be lost.
     */
    public static void insertNew(Connection connection, Map<KeyHolder, SecretKey> keys) throws SQLException {
        Map<KeyHolder, SecretKey> left = new LinkedHashMap<>(keys);
        while (!left.isEmpty()) {
            KeyHolder first = left.keySet().iterator().next();
            List<KeyHolder> batch = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + first.table()
                    + " (relationship_id, " + first.idColumn() + ", secret) VALUES (?, ?, ?)"
                    + " ON CONFLICT (relationship_id, " + first.idColumn() + ") DO NOTHING")) {
                for (Iterator<Map.Entry<KeyHolder, SecretKey>> i = left.entrySet().iterator(); i.hasNext(); ) {
                    Map.Entry<KeyHolder, SecretKey> key = i.next();
                    if (key.getKey().table().equals(first.table())) {
                        insert.setObject(1, key.getKey().relationshipId().value());
                        insert.setObject(2, key.getKey().id());
                        insert.setBytes(3, key.getValue().getEncoded());
                        insert.addBatch();
                        batch.add(key.getKey());
                        i.remove();
                    }
                }
                int[] inserted = insert.executeBatch();
                for (int i = 0; i < inserted.length; i++) {
                    if (inserted[i] == 0 && !erased(connection, batch.get(i))) {
                        throw new SQLException(batch.get(i) + " has a key already: the one its event was sealed with "
                                + "would be lost");
                    }
                }
            }
        }
    }

    /** The holder's key; empty if it was destroyed or never created. */
    public static Optional<SecretKey> read(Connection connection, KeyHolder holder) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT secret FROM " + holder.table()
                + " WHERE relationship_id = ? AND " + holder.idColumn() + " = ?")) {
            select.setObject(1, holder.relationshipId().value());
            select.setObject(2, holder.id());
            try (ResultSet row = select.executeQuery()) {
                byte[] secret = row.next() ? row.getBytes(1) : null;
                return secret == null ? Optional.empty() : Optional.of(Seal.key(secret));
            }
        }
    }

    /** Whether the holder's key was destroyed (a row without a secret). */
    public static boolean erased(Connection connection, KeyHolder holder) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + holder.table()
                + " WHERE relationship_id = ? AND " + holder.idColumn() + " = ? AND erased_at IS NOT NULL")) {
            select.setObject(1, holder.relationshipId().value());
            select.setObject(2, holder.id());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /**
     * Destroys the holder's key; a holder recorded before sealing (who has none) gets a destroyed one, so that no
     * key is ever made for their id afterwards and their clear text reads as erased. Returns whether a key existed
     * and was destroyed now.
     */
    public static boolean destroy(Connection connection, KeyHolder holder) throws SQLException {
        try (PreparedStatement destroy = connection.prepareStatement("UPDATE " + holder.table()
                + " SET secret = NULL, erased_at = now() WHERE relationship_id = ? AND " + holder.idColumn()
                + " = ? AND secret IS NOT NULL")) {
            destroy.setObject(1, holder.relationshipId().value());
            destroy.setObject(2, holder.id());
            if (destroy.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement none = connection.prepareStatement("INSERT INTO " + holder.table()
                + " (relationship_id, " + holder.idColumn() + ", secret, erased_at) VALUES (?, ?, NULL, now())"
                + " ON CONFLICT (relationship_id, " + holder.idColumn() + ") DO NOTHING")) {
            none.setObject(1, holder.relationshipId().value());
            none.setObject(2, holder.id());
            none.executeUpdate();
        }
        return false;
    }
}

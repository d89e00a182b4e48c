package dev.relationshipledger.command.chain.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A signed statement "the chain's link at position {@code headPosition} is {@code headLink}", made by the deployment
 * key at {@code createdAt}. Stored in {@code event_store.chain_checkpoint} and exported as JSON to places the database
 * administrator cannot reach; a checkpoint kept elsewhere is what exposes a rewritten, truncated or restored ledger.
 */
public record Checkpoint(Long id, long headPosition, byte[] headLink, Instant createdAt, String keyId, byte[] signature) {

    public static final String TABLE = "event_store.chain_checkpoint";
    public static final String FORMAT = "relationship-ledger-checkpoint/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Signs the head of the chain. The time is cut to microseconds, the precision PostgreSQL stores. */
    public static Checkpoint sign(long headPosition, byte[] headLink, Instant now, SigningKey key) {
        Instant createdAt = now.truncatedTo(ChronoUnit.MICROS);
        byte[] signature = key.sign(ChainHash.checkpointStatement(headPosition, headLink, createdAt, key.keyId()));
        return new Checkpoint(null, headPosition, headLink.clone(), createdAt, key.keyId(), signature);
    }

    /** True when the signature is the given key's signature of exactly this head, time and key id. */
    public boolean signatureValid(PublicKey publicKey) {
        return publicKey != null && SigningKey.keyIdOf(publicKey).equals(keyId)
                && SigningKey.verify(publicKey, ChainHash.checkpointStatement(headPosition, headLink, createdAt, keyId),
                signature);
    }

    public String headLinkHex() {
        return ChainHash.hex(headLink);
    }

    // --- storage -------------------------------------------------------------------------------------------------

    public Checkpoint insert(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE
                + " (head_position, head_link, created_at, signature, key_id) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            s.setLong(1, headPosition);
            s.setBytes(2, headLink);
            s.setTimestamp(3, Timestamp.from(createdAt));
            s.setBytes(4, signature);
            s.setString(5, keyId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Checkpoint(rs.getLong(1), headPosition, headLink, createdAt, keyId, signature);
            }
        }
    }

    public static Optional<Checkpoint> latest(Connection c) throws SQLException {
        List<Checkpoint> list = query(c, "ORDER BY head_position DESC, id DESC LIMIT 1");
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Newest first. */
    public static List<Checkpoint> newest(Connection c, int limit) throws SQLException {
        return query(c, "ORDER BY head_position DESC, id DESC LIMIT " + Math.max(1, Math.min(limit, 10_000)));
    }

    /** All checkpoints, oldest head first. */
    public static List<Checkpoint> all(Connection c) throws SQLException {
        return query(c, "ORDER BY head_position, id");
    }

    /** The earliest checkpoint whose head is at or after {@code position}, if any. */
    public static Optional<Checkpoint> firstCovering(Connection c, long position) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, head_position, head_link, created_at, signature, key_id FROM "
                + TABLE + " WHERE head_position >= ? ORDER BY head_position, id LIMIT 1")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static List<Checkpoint> query(Connection c, String order) throws SQLException {
        List<Checkpoint> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, head_position, head_link, created_at, signature, key_id FROM " + TABLE + " " + order);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(read(rs));
            }
        }
        return result;
    }

    private static Checkpoint read(ResultSet rs) throws SQLException {
        return new Checkpoint(rs.getLong("id"), rs.getLong("head_position"), rs.getBytes("head_link"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("key_id"), rs.getBytes("signature"));
    }

    // --- JSON ----------------------------------------------------------------------------------------------------

    /** The exported form: everything needed to check it, including the public key (whose id must be trusted). */
    public ObjectNode toJson(PublicKey publicKey) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        if (id != null) {
            node.put("id", id);
        }
        node.put("headPosition", headPosition);
        node.put("headLink", headLinkHex());
        node.put("createdAt", createdAt.toString());
        node.put("keyId", keyId);
        node.put("algorithm", SigningKey.ALGORITHM);
        node.put("signature", Base64.getEncoder().encodeToString(signature));
        if (publicKey != null) {
            node.put("publicKey", SigningKey.publicPem(publicKey));
        }
        return node;
    }

    public static Checkpoint fromJson(JsonNode node) {
        return new Checkpoint(node.hasNonNull("id") ? node.get("id").asLong() : null,
                required(node, "headPosition").asLong(), ChainHash.unhex(required(node, "headLink").asText()),
                Instant.parse(required(node, "createdAt").asText()), required(node, "keyId").asText(),
                Base64.getDecoder().decode(required(node, "signature").asText()));
    }

    public static Checkpoint readFile(Path file) {
        try {
            return fromJson(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + file, e);
        }
    }

    /** Writes {@code checkpoint-<head position>-<id>.json} into {@code directory} and answers its path. */
    public Path exportTo(Path directory, PublicKey publicKey) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(String.format("checkpoint-%012d-%d.json", headPosition, id == null ? 0 : id));
            Path temporary = Files.createTempFile(directory, ".checkpoint", ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), toJson(publicKey));
            return Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the checkpoint to " + directory, e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("a checkpoint needs " + field);
        }
        return value;
    }
}

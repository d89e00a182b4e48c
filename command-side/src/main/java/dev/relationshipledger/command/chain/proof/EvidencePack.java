package dev.relationshipledger.command.chain.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An evidence pack: one relationship's or negotiation's events with the proof that each is in the ledger's chain
 * under a checkpoint signed by the deployment key, as a zip a regulator can check offline
 * ({@code VerifyLedger --pack}). Format: docs/tamper-evidence.md.
 *
 * <p>Every byte counts: the manifest lists the SHA-256 of every other file and is signed; the archive is written
 * canonically (fixed order, stored, fixed times), so the verifier rebuilds it from its files and requires the same
 * bytes; events carry their stored bytes (base64), from which digests, links and the CSV are recomputed.
 */
public final class EvidencePack {

    public static final String FORMAT = "relationship-ledger-evidence/1";
    /** Version of the events' JSON shapes (shared-kernel approved-events); bump with every upcaster. */
    public static final String EVENT_SCHEMA_VERSION = "1";
    public static final String MANIFEST = "manifest.json";
    public static final String MANIFEST_SIGNATURE = "manifest.sig";
    public static final String EVENTS = "events.json";
    public static final String AUDIT_TRAIL = "audit-trail.csv";
    public static final String PROOFS = "proofs.json";
    public static final String PUBLIC_KEY = "public-key.pem";
    public static final String PUBLIC_JWK = "public-key.jwk.json";
    public static final String README = "README.txt";
    /** Every file of a pack, in archive order. */
    static final List<String> FILES = List.of(MANIFEST, MANIFEST_SIGNATURE, EVENTS, AUDIT_TRAIL, PROOFS, PUBLIC_KEY,
            PUBLIC_JWK, README);
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvidencePack() {
    }

    /** What the pack is about: {@code relationship} or {@code negotiation}, and its id. */
    public record Subject(String kind, String id) {
    }

    /** One digest of the chain: the event at {@code position} hashes to {@code digest}. */
    public record Digest(long position, byte[] digest) {
    }

    /**
     * Proof that the events between {@code startPosition} and the checkpoint's head are in the chain: starting from
     * {@code previousLink} (the link before {@code startPosition}), folding every digest in order reproduces the
     * checkpoint's signed head link.
     */
    public record Proof(Checkpoint checkpoint, long startPosition, byte[] previousLink, List<Digest> digests) {
    }

    /** The chain cannot prove an event (yet): not linked, not under a checkpoint of the key, or not intact. */
    public static final class NotProvable extends Exception {
        private final long position;
        private final boolean integrity;

        NotProvable(long position, boolean integrity, String message) {
            super(message);
            this.position = position;
            this.integrity = integrity;
        }

        public long position() {
            return position;
        }

        /** True: the ledger does not match its chain here (tampering); false: not linked or checkpointed yet. */
        public boolean integrityProblem() {
            return integrity;
        }
    }

    // --- building ------------------------------------------------------------------------------------------------

    /** The events of a relationship (every aggregate's events that name it) in position order. */
    public static List<StoredEvent> relationshipEvents(Connection c, String relationshipId) throws SQLException {
        return events(c, relationshipId, e -> relationshipId.equals(field(e.payload(), "relationshipId")));
    }

    /** The aggregate type of a negotiation's own events (Axon stores the aggregate's class name). */
    public static final String NEGOTIATION = "Negotiation";

    /**
     * The events of a negotiation, and those of other aggregates that name it (a contract signed from it). Empty when
     * no negotiation has that id: another aggregate's id (a relationship's, a contract's) is not a negotiation.
     */
    public static List<StoredEvent> negotiationEvents(Connection c, String negotiationId) throws SQLException {
        List<StoredEvent> events = events(c, negotiationId, e -> negotiationId.equals(e.aggregateIdentifier())
                || negotiationId.equals(field(e.payload(), "negotiationId")));
        boolean aNegotiation = events.stream().anyMatch(e -> negotiationId.equals(e.aggregateIdentifier())
                && NEGOTIATION.equals(e.type()));
        return aNegotiation ? events : List.of();
    }

    /**
     * Events whose bytes contain the id (a byte search that never fails on a malformed row), kept when their JSON
     * names it in the right field, or when their JSON cannot be read at all: such a row is damaged, and the proof
     * check then refuses the pack at its position rather than leaving it out silently.
     */
    private static List<StoredEvent> events(Connection c, String id, java.util.function.Predicate<StoredEvent> belongs)
            throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + StoredEvent.COLUMNS + " FROM " + StoredEvent.TABLE
                + " WHERE aggregate_identifier = ? OR position(convert_to(?, 'UTF8') in payload) > 0 ORDER BY global_index")) {
            s.setFetchSize(500);
            s.setString(1, id);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    StoredEvent event = StoredEvent.read(rs);
                    if (belongs.test(event) || !readableJson(event.payload())) {
                        events.add(event);
                    }
                }
            }
        }
        return events;
    }

    private static String field(byte[] payload, String name) {
        try {
            JsonNode value = JSON.readTree(payload).get(name);
            return value == null || value.isNull() ? null : value.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean readableJson(byte[] payload) {
        try {
            return JSON.readTree(payload) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Proves each event against the first checkpoint of {@code keyId} at or after it. The proofs are checked before
     * they are answered, so a pack is never built from a ledger that does not match its chain.
     */
    public static List<Proof> prove(Connection c, List<StoredEvent> events, String keyId) throws SQLException, NotProvable {
        List<Proof> proofs = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            long start = events.get(i).position();
            Checkpoint checkpoint = firstCovering(c, start, keyId).orElseThrow(() -> new NotProvable(start, false,
                    "no checkpoint signed by key " + keyId + " covers position " + start + " yet"));
            byte[] previous = linkBefore(c, start);
            List<Digest> digests = new ArrayList<>();
            byte[] running = previous;
            try (PreparedStatement s = c.prepareStatement("SELECT k.position AS chained, k.event_identifier AS chained_event, "
                    + "k.link AS chained_link, e.* FROM " + ChainLinker.CHAIN_TABLE + " k LEFT JOIN " + StoredEvent.TABLE
                    + " e ON e.global_index = k.position WHERE k.position BETWEEN ? AND ? ORDER BY k.position")) {
                s.setFetchSize(500);
                s.setLong(1, start);
                s.setLong(2, checkpoint.headPosition());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long position = rs.getLong("chained");
                        if (rs.getObject("global_index") == null
                                || !rs.getString("chained_event").equals(rs.getString("event_identifier"))) {
                            throw new NotProvable(position, true, "the event the chain linked at " + position + " is gone or replaced");
                        }
                        byte[] digest = StoredEvent.read(rs).digest();
                        running = ChainHash.link(position, digest, running);
                        if (!ChainHash.same(running, rs.getBytes("chained_link"))) {
                            throw new NotProvable(position, true, "the event at " + position + " no longer matches its link");
                        }
                        digests.add(new Digest(position, digest));
                    }
                }
            }
            if (!ChainHash.same(running, checkpoint.headLink())) {
                throw new NotProvable(checkpoint.headPosition(), true,
                        "the chain does not reach checkpoint #" + checkpoint.id() + "'s signed link");
            }
            proofs.add(new Proof(checkpoint, start, previous, digests));
            while (i < events.size() && events.get(i).position() <= checkpoint.headPosition()) {
                i++;
            }
        }
        return proofs;
    }

    private static Optional<Checkpoint> firstCovering(Connection c, long position, String keyId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, head_position, head_link, created_at, signature, key_id FROM "
                + Checkpoint.TABLE + " WHERE head_position >= ? AND key_id = ? ORDER BY head_position, id LIMIT 1")) {
            s.setLong(1, position);
            s.setString(2, keyId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(rs.getLong("id"), rs.getLong("head_position"),
                        rs.getBytes("head_link"), rs.getTimestamp("created_at").toInstant(), rs.getString("key_id"),
                        rs.getBytes("signature"))) : Optional.empty();
            }
        }
    }

    private static byte[] linkBefore(Connection c, long position) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT link FROM " + ChainLinker.CHAIN_TABLE + " WHERE position < ? ORDER BY position DESC LIMIT 1")) {
            s.setLong(1, position);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : ChainHash.genesis();
            }
        }
    }

    /** Writes the pack (a zip) for events proven by {@code proofs}, signed by {@code key}. */
    public static byte[] write(Subject subject, List<StoredEvent> events, List<Proof> proofs, SigningKey key,
                               Instant generatedAt, String generatedBy, String scoringModel) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(EVENTS, json(eventsJson(events)));
        files.put(AUDIT_TRAIL, AuditTrailCsv.render(events).getBytes(StandardCharsets.UTF_8));
        files.put(PROOFS, json(proofsJson(proofs)));
        files.put(PUBLIC_KEY, key.publicPem().getBytes(StandardCharsets.US_ASCII));
        files.put(PUBLIC_JWK, json(JSON.valueToTree(SigningKey.jwk(key.publicKey()))));
        files.put(README, readme(subject, key.keyId()).getBytes(StandardCharsets.UTF_8));

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.putObject("subject").put("kind", subject.kind()).put("id", subject.id());
        manifest.put("generatedAt", generatedAt.toString());
        manifest.put("generatedBy", generatedBy);
        manifest.put("eventCount", events.size());
        if (!events.isEmpty()) {
            manifest.put("firstPosition", events.get(0).position());
            manifest.put("lastPosition", events.get(events.size() - 1).position());
        }
        manifest.put("eventSchemaVersion", EVENT_SCHEMA_VERSION);
        manifest.put("scoringModel", scoringModel);
        manifest.put("chainAlgorithm", ChainHash.ALGORITHM);
        manifest.put("signatureAlgorithm", SigningKey.ALGORITHM);
        manifest.put("keyId", key.keyId());
        ArrayNode list = manifest.putArray("files");
        files.forEach((name, bytes) -> list.addObject().put("name", name).put("sha256", ChainHash.hex(ChainHash.sha256(bytes)))
                .put("bytes", bytes.length));
        byte[] manifestBytes = json(manifest);

        Map<String, byte[]> archive = new LinkedHashMap<>();
        archive.put(MANIFEST, manifestBytes);
        archive.put(MANIFEST_SIGNATURE, (Base64.getEncoder().encodeToString(key.sign(manifestBytes)) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        archive.putAll(files);
        return zip(archive);
    }

    private static ArrayNode eventsJson(List<StoredEvent> events) {
        ArrayNode array = JSON.createArrayNode();
        for (StoredEvent e : events) {
            ObjectNode node = array.addObject();
            node.put("position", e.position());
            node.put("eventIdentifier", e.eventIdentifier());
            node.put("aggregateType", e.type());
            node.put("aggregateIdentifier", e.aggregateIdentifier());
            node.put("sequenceNumber", e.sequenceNumber());
            node.put("recordedAt", e.timeStamp());
            node.put("payloadType", e.payloadType());
            node.put("payloadRevision", e.payloadRevision());
            node.put("payloadBase64", Base64.getEncoder().encodeToString(e.payload()));
            node.put("metaDataBase64", e.metaData() == null ? null : Base64.getEncoder().encodeToString(e.metaData()));
            node.set("payload", readable(e.payload()));
            node.set("metaData", readable(e.metaData()));
        }
        return array;
    }

    private static JsonNode readable(byte[] bytes) {
        if (bytes == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static ArrayNode proofsJson(List<Proof> proofs) {
        ArrayNode array = JSON.createArrayNode();
        for (Proof proof : proofs) {
            ObjectNode node = array.addObject();
            node.set("checkpoint", proof.checkpoint().toJson(null));
            node.put("startPosition", proof.startPosition());
            node.put("previousLink", ChainHash.hex(proof.previousLink()));
            ArrayNode digests = node.putArray("digests");
            for (Digest digest : proof.digests()) {
                digests.addObject().put("position", digest.position()).put("digest", ChainHash.hex(digest.digest()));
            }
        }
        return array;
    }

    private static String readme(Subject subject, String keyId) {
        return """
                Relationship Ledger evidence pack (%s)
                Subject: %s %s
                Signed by the deployment key %s (Ed25519; public-key.pem, public-key.jwk.json).

                manifest.json       what this pack is, the versions of the event schema and the scoring model, and
                                    the SHA-256 of every other file
                manifest.sig        Ed25519 signature (base64) of manifest.json by the deployment key
                events.json         the events as stored: payloadBase64 and metaDataBase64 are the exact stored bytes
                                    (payload and metaData repeat them as JSON for reading)
                audit-trail.csv     one row per event, rendered from events.json
                proofs.json         for each event, the chain digests from it to a checkpoint signed by the key:
                                    folding them reproduces the checkpoint's signed head link
                Check it offline (exit code 0: intact, 1: not intact):
                  java -cp relationship-ledger.jar -Dloader.main=dev.relationshipledger.deploy.verify.VerifyLedger \\
                    org.springframework.boot.loader.launch.PropertiesLauncher --pack <this file> --public-key <key.pem>
                Compare the key id above with the one the deployment publishes; format: docs/tamper-evidence.md.
                """.formatted(FORMAT, subject.kind(), subject.id(), keyId);
    }

    private static byte[] json(JsonNode node) {
        try {
            return (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A canonical zip: entries in the given order, stored (not compressed), fixed times, no comments. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(ZipOutputStream.STORED);
            for (Map.Entry<String, byte[]> file : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                CRC32 crc = new CRC32();
                crc.update(file.getValue());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(file.getValue().length);
                entry.setCompressedSize(file.getValue().length);
                entry.setCrc(crc.getValue());
                entry.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    // --- checking ------------------------------------------------------------------------------------------------

    /** The outcome of checking a pack: the first problem, and the position it concerns when there is one. */
    public record PackReport(boolean ok, String subject, String keyId, int eventsChecked, int proofsChecked,
                             Long position, String problem, List<String> notes) {
    }

    /**
     * Why {@code file} is not an evidence pack at all, if it is not: not a zip archive (a download that failed saves
     * the server's answer, e.g. a 404 or 503 problem+json, under the pack's name), or a zip without the pack's
     * {@value #MANIFEST}. Such a file was never a pack, so it says nothing about tampering; anything that is a zip
     * holding a manifest is judged by {@link #verify}, where a change to it fails the check.
     */
    public static Optional<String> whyNotAPack(byte[] file) {
        if (file.length < 4 || file[0] != 'P' || file[1] != 'K' || file[2] != 3 || file[3] != 4) {
            String start = new String(file, 0, Math.min(file.length, 60), StandardCharsets.US_ASCII);
            boolean text = !start.isEmpty() && start.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f || ch == '\n'
                    || ch == '\r' || ch == '\t');
            return Optional.of(file.length == 0 ? "the file is empty, not a zip archive"
                    : "the file is not a zip archive" + (text ? " (it starts with text: "
                    + start.strip().replaceAll("\\s+", " ") + ")" : ""));
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (MANIFEST.equals(entry.getName())) {
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // A zip whose entries cannot be read is judged by verify(): it may be a pack that was changed.
            return Optional.empty();
        }
        return Optional.of("the zip archive holds no " + MANIFEST);
    }

    /**
     * Checks a pack offline. With {@code trustedKey} null the key inside the pack is used, and the report's notes say
     * that its id must be compared with the deployment's published key.
     */
    public static PackReport verify(byte[] pack, PublicKey trustedKey) {
        Checker checker = new Checker();
        try {
            checker.check(pack, trustedKey);
        } catch (Failed failed) {
            return checker.report(failed.position, failed.getMessage());
        } catch (IOException | RuntimeException e) {
            return checker.report(null, "the pack cannot be read: " + e.getMessage());
        }
        return checker.report(null, null);
    }

    private static final class Failed extends Exception {
        private final Long position;

        Failed(Long position, String message) {
            super(message);
            this.position = position;
        }
    }

    private static final class Checker {
        private final List<String> notes = new ArrayList<>();
        private String subject;
        private String keyId;
        private int eventsChecked;
        private int proofsChecked;

        PackReport report(Long position, String problem) {
            return new PackReport(problem == null, subject, keyId, eventsChecked, proofsChecked, position, problem,
                    List.copyOf(notes));
        }

        void check(byte[] pack, PublicKey trustedKey) throws IOException, Failed {
            Map<String, byte[]> files = unzip(pack);
            if (!files.keySet().equals(new java.util.HashSet<>(FILES))) {
                throw new Failed(null, "the pack's files are " + files.keySet() + ", expected " + FILES);
            }
            Map<String, byte[]> ordered = new LinkedHashMap<>();
            FILES.forEach(name -> ordered.put(name, files.get(name)));
            if (!Arrays.equals(zip(ordered), pack)) {
                throw new Failed(null, "the archive was altered outside its files (its bytes are not the canonical "
                        + "archive of its files)");
            }
            PublicKey packKey = SigningKey.publicKeyFromPem(new String(files.get(PUBLIC_KEY), StandardCharsets.US_ASCII));
            keyId = SigningKey.keyIdOf(packKey);
            PublicKey key = packKey;
            if (trustedKey != null) {
                if (!Arrays.equals(trustedKey.getEncoded(), packKey.getEncoded())) {
                    throw new Failed(null, "the pack is signed by key " + keyId + ", not by the trusted key "
                            + SigningKey.keyIdOf(trustedKey));
                }
                key = trustedKey;
            } else {
                notes.add("checked with the public key inside the pack (id " + keyId + "): compare that id with the "
                        + "key the deployment publishes, or pass --public-key");
            }
            byte[] signature = Base64.getDecoder().decode(new String(files.get(MANIFEST_SIGNATURE), StandardCharsets.US_ASCII).strip());
            if (!SigningKey.verify(key, files.get(MANIFEST), signature)) {
                throw new Failed(null, "the manifest's signature does not verify: manifest.json was altered or not signed by the key");
            }
            JsonNode manifest = JSON.readTree(files.get(MANIFEST));
            subject = manifest.path("subject").path("kind").asText() + " " + manifest.path("subject").path("id").asText();
            if (!FORMAT.equals(manifest.path("format").asText())) {
                throw new Failed(null, "unknown pack format " + manifest.path("format").asText());
            }
            if (!keyId.equals(manifest.path("keyId").asText())) {
                throw new Failed(null, "the manifest names key " + manifest.path("keyId").asText() + ", the pack holds " + keyId);
            }
            Map<String, String> listed = new HashMap<>();
            manifest.path("files").forEach(f -> listed.put(f.path("name").asText(), f.path("sha256").asText()));
            for (String name : FILES) {
                if (name.equals(MANIFEST) || name.equals(MANIFEST_SIGNATURE)) {
                    continue;
                }
                if (!ChainHash.hex(ChainHash.sha256(files.get(name))).equals(listed.get(name))) {
                    throw new Failed(null, name + " does not match the SHA-256 the signed manifest lists for it");
                }
            }
            List<StoredEvent> events = events(JSON.readTree(files.get(EVENTS)));
            if (manifest.path("eventCount").asInt(-1) != events.size()) {
                throw new Failed(null, "the manifest counts " + manifest.path("eventCount").asInt() + " events, events.json holds " + events.size());
            }
            if (!Arrays.equals(AuditTrailCsv.render(events).getBytes(StandardCharsets.UTF_8), files.get(AUDIT_TRAIL))) {
                throw new Failed(null, "audit-trail.csv is not the rendering of events.json");
            }
            checkProofs(events, JSON.readTree(files.get(PROOFS)), key);
        }

        private List<StoredEvent> events(JsonNode array) throws Failed {
            List<StoredEvent> events = new ArrayList<>();
            long previous = 0;
            for (JsonNode node : array) {
                long position = node.path("position").asLong();
                byte[] payload = Base64.getDecoder().decode(node.path("payloadBase64").asText());
                byte[] metaData = node.hasNonNull("metaDataBase64") ? Base64.getDecoder().decode(node.get("metaDataBase64").asText()) : null;
                if (position <= previous) {
                    throw new Failed(position, "events are not in position order");
                }
                if (!readable(payload).equals(node.get("payload")) || !readable(metaData).equals(node.get("metaData"))) {
                    throw new Failed(position, "the readable payload or metadata differs from the stored bytes");
                }
                events.add(new StoredEvent(position, text(node, "eventIdentifier"), text(node, "aggregateIdentifier"),
                        node.path("sequenceNumber").asLong(), text(node, "aggregateType"), text(node, "recordedAt"),
                        text(node, "payloadType"), text(node, "payloadRevision"), payload, metaData));
                previous = position;
            }
            return events;
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        private void checkProofs(List<StoredEvent> events, JsonNode proofs, PublicKey key) throws Failed {
            Map<Long, byte[]> proven = new HashMap<>();
            for (JsonNode node : proofs) {
                Checkpoint checkpoint = Checkpoint.fromJson(node.path("checkpoint"));
                if (!checkpoint.signatureValid(key)) {
                    throw new Failed(checkpoint.headPosition(), "checkpoint #" + checkpoint.id()
                            + " in proofs.json does not carry a valid signature of the key");
                }
                byte[] running = ChainHash.unhex(node.path("previousLink").asText());
                long last = node.path("startPosition").asLong() - 1;
                for (JsonNode digestNode : node.path("digests")) {
                    long position = digestNode.path("position").asLong();
                    if (position <= last) {
                        throw new Failed(position, "proof digests are not in position order");
                    }
                    byte[] digest = ChainHash.unhex(digestNode.path("digest").asText());
                    running = ChainHash.link(position, digest, running);
                    proven.put(position, digest);
                    last = position;
                }
                if (last != checkpoint.headPosition() || !ChainHash.same(running, checkpoint.headLink())) {
                    throw new Failed(checkpoint.headPosition(), "a proof does not reproduce the signed link of checkpoint #"
                            + checkpoint.id() + " at position " + checkpoint.headPosition());
                }
                proofsChecked++;
            }
            for (StoredEvent event : events) {
                byte[] digest = proven.get(event.position());
                if (digest == null) {
                    throw new Failed(event.position(), "no proof covers the event at position " + event.position());
                }
                if (!ChainHash.same(digest, event.digest())) {
                    throw new Failed(event.position(), "the event at position " + event.position()
                            + " does not match the digest its proof chains to a signed checkpoint: it was altered");
                }
                eventsChecked++;
            }
        }

        private static Map<String, byte[]> unzip(byte[] pack) throws IOException, Failed {
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(pack))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (files.put(entry.getName(), zip.readAllBytes()) != null) {
                        throw new Failed(null, "the pack holds " + entry.getName() + " twice");
                    }
                }
            }
            return files;
        }
    }
}

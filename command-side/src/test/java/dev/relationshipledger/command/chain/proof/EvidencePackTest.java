package dev.relationshipledger.command.chain.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evidence packs: built from a real chain, checked offline, and broken by any changed byte. */
class EvidencePackTest {

    ChainFixture ledger;

    @BeforeEach
    void aChainWithTwoCheckpointsAndATail() throws SQLException {
        ledger = new ChainFixture();
        ledger.append(6);
        ledger.link();
        ledger.checkpoint();
        ledger.append(5);
        ledger.link();
        ledger.checkpoint();
    }

    byte[] pack() throws Exception {
        try (Connection c = ledger.application()) {
            List<StoredEvent> events = EvidencePack.relationshipEvents(c, ledger.relationshipId);
            List<EvidencePack.Proof> proofs = EvidencePack.prove(c, events, ledger.key.keyId());
            return EvidencePack.write(new EvidencePack.Subject("relationship", ledger.relationshipId), events, proofs,
                    ledger.key, Instant.parse("2026-11-30T12:00:00Z"), "carl", "v1");
        }
    }

    @Test
    void aPackHoldsOneRelationshipsEventsProvenAgainstSignedCheckpoints() throws Exception {
        byte[] pack = pack();

        EvidencePack.PackReport report = EvidencePack.verify(pack, ledger.key.publicKey());
        assertThat(report.ok()).as(report.problem()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(6);
        assertThat(report.proofsChecked()).isEqualTo(2);
        assertThat(report.notes()).isEmpty();

        Map<String, byte[]> files = unzip(pack);
        assertThat(files.keySet()).containsExactlyElementsOf(EvidencePack.FILES);
        JsonNode manifest = new ObjectMapper().readTree(files.get("manifest.json"));
        assertThat(manifest.get("eventSchemaVersion").asText()).isEqualTo("1");
        assertThat(manifest.get("scoringModel").asText()).isEqualTo("v1");
        assertThat(manifest.get("keyId").asText()).isEqualTo(ledger.key.keyId());
        String csv = new String(files.get("audit-trail.csv"), StandardCharsets.UTF_8);
        assertThat(csv.split("\r\n")).hasSize(7);
        assertThat(csv).startsWith("position,recorded_time,aggregate_type,aggregate_id,sequence,event_type,actor,roles,"
                + "correlation_id,causation_id,payload\r\n");
        assertThat(csv.split("\r\n")[1]).contains(",ContactLogged,rita,RELATIONSHIP_MANAGER,c-0,");
        String events = new String(files.get("events.json"), StandardCharsets.UTF_8);
        assertThat(events).contains(ledger.relationshipId).doesNotContain(ledger.otherRelationshipId);
        assertThat(new String(files.get("proofs.json"), StandardCharsets.UTF_8)).doesNotContain(ledger.otherRelationshipId);
    }

    @Test
    void everyChangedByteIsDetected() throws Exception {
        byte[] pack = pack();
        for (int i = 0; i < pack.length; i += Math.max(1, pack.length / 400)) {
            byte[] changed = pack.clone();
            changed[i] ^= 0x20;
            assertThat(EvidencePack.verify(changed, ledger.key.publicKey()).ok()).as("byte %d of %d", i, pack.length).isFalse();
        }
        byte[] longer = java.util.Arrays.copyOf(pack, pack.length + 1);
        assertThat(EvidencePack.verify(longer, ledger.key.publicKey()).ok()).isFalse();
    }

    @Test
    void anAlteredEventIsLocatedEvenWhenTheManifestIsReSignedByAnotherKey() throws Exception {
        Map<String, byte[]> files = unzip(pack());
        String events = new String(files.get("events.json"), StandardCharsets.UTF_8);
        // Re-packing with the attacker's own key makes every file consistent, but not with the deployment's key.
        SigningKey attacker = SigningKey.generate();
        assertThat(EvidencePack.verify(repack(files, attacker), ledger.key.publicKey()).problem()).contains("not by the trusted key");
        assertThat(EvidencePack.verify(repack(files, attacker), null).problem())
                .contains("checkpoint #").contains("does not carry a valid signature");
        assertThat(events).contains("payloadBase64");
    }

    @Test
    void withoutATrustedKeyThePacksOwnKeyIsUsedAndTheReportSaysSo() throws Exception {
        EvidencePack.PackReport report = EvidencePack.verify(pack(), null);
        assertThat(report.ok()).isTrue();
        assertThat(report.notes()).singleElement().asString().contains(ledger.key.keyId());
        assertThat(EvidencePack.verify(pack(), SigningKey.generate().publicKey()).ok()).isFalse();
    }

    @Test
    void aPackIsRefusedWhenTheLedgerNoLongerMatchesItsChain() throws Exception {
        try (Connection c = ledger.application()) {
            long victim = EvidencePack.relationshipEvents(c, ledger.relationshipId).get(1).position();
            ledger.asSuperuser("UPDATE event_store.domain_event_entry SET meta_data = convert_to('{\"actor\":\"maria\"}', 'UTF8') "
                    + "WHERE global_index = " + victim);
            List<StoredEvent> events = EvidencePack.relationshipEvents(c, ledger.relationshipId);
            assertThatThrownBy(() -> EvidencePack.prove(c, events, ledger.key.keyId()))
                    .isInstanceOfSatisfying(EvidencePack.NotProvable.class, e -> {
                        assertThat(e.integrityProblem()).isTrue();
                        assertThat(e.position()).isEqualTo(victim);
                    });
        }
    }

    @Test
    void anEventMangledBeyondReadingIsNotLeftOutSilently() throws Exception {
        try (Connection c = ledger.application()) {
            long victim = EvidencePack.relationshipEvents(c, ledger.relationshipId).get(2).position();
            ledger.asSuperuser("UPDATE event_store.domain_event_entry SET payload = '\\xff'::bytea || "
                    + "convert_to('" + ledger.relationshipId + "', 'UTF8') WHERE global_index = " + victim);
            List<StoredEvent> events = EvidencePack.relationshipEvents(c, ledger.relationshipId);
            assertThat(events).extracting(StoredEvent::position).contains(victim);
            assertThatThrownBy(() -> EvidencePack.prove(c, events, ledger.key.keyId()))
                    .isInstanceOfSatisfying(EvidencePack.NotProvable.class, e -> assertThat(e.position()).isEqualTo(victim));
        }
    }

    @Test
    void eventsAfterTheLastCheckpointAreNotProvableYet() throws Exception {
        List<Long> fresh = ledger.append(2);
        ledger.link();
        try (Connection c = ledger.application()) {
            List<StoredEvent> events = EvidencePack.relationshipEvents(c, ledger.relationshipId);
            assertThatThrownBy(() -> EvidencePack.prove(c, events, ledger.key.keyId()))
                    .isInstanceOfSatisfying(EvidencePack.NotProvable.class, e -> {
                        assertThat(e.integrityProblem()).isFalse();
                        assertThat(e.position()).isIn(fresh);
                    });
        }
    }

    @Test
    void spreadsheetFormulasAreNeutralised() {
        assertThat(AuditTrailCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditTrailCsv.cell("plain")).isEqualTo("plain");
        assertThat(AuditTrailCsv.cell("a,b")).isEqualTo("\"a,b\"");
    }

    private static byte[] repack(Map<String, byte[]> files, SigningKey key) throws Exception {
        Map<String, byte[]> copy = new LinkedHashMap<>(files);
        copy.put("public-key.pem", key.publicPem().getBytes(StandardCharsets.US_ASCII));
        copy.put("public-key.jwk.json", new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(SigningKey.jwk(key.publicKey())));
        ObjectMapper json = new ObjectMapper();
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(copy.get("manifest.json"));
        manifest.put("keyId", key.keyId());
        var list = manifest.putArray("files");
        for (String name : EvidencePack.FILES.subList(2, EvidencePack.FILES.size())) {
            list.addObject().put("name", name).put("sha256", ChainHash.hex(ChainHash.sha256(copy.get(name))))
                    .put("bytes", copy.get(name).length);
        }
        byte[] manifestBytes = json.writeValueAsBytes(manifest);
        copy.put("manifest.json", manifestBytes);
        copy.put("manifest.sig", java.util.Base64.getEncoder().encode(key.sign(manifestBytes)));
        return EvidencePack.zip(copy);
    }

    static Map<String, byte[]> unzip(byte[] pack) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(pack))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                files.put(entry.getName(), zip.readAllBytes());
            }
        }
        return files;
    }
}

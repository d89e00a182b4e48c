package dev.relationshipledger.deploy.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.relationshipledger.deploy.Ledger;
import dev.relationshipledger.testsupport.LedgerHttp;
import dev.relationshipledger.testsupport.LedgerHttp.Answer;
import dev.relationshipledger.testsupport.TestPostgres;
import dev.relationshipledger.testsupport.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bearer tokens (JWT) beside HTTP Basic: the user and roles come from the token's documented claims. */
class BearerTokenTest {

    static Ledger ledger;
    static LedgerHttp commands;
    static LedgerHttp queries;
    static KeyPair issuer;
    static KeyPair stranger;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        issuer = generator.generateKeyPair();
        stranger = generator.generateKeyPair();
        Path publicKey = Files.createTempFile("issuer", ".pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(issuer.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        ledger = Ledger.start(Map.of(
                        "spring.datasource.url", TestPostgres.freshDatabase("bearer"),
                        "spring.flyway.user", TestPostgres.SUPERUSER,
                        "spring.config.import", "classpath:ledger-test-users.yml",
                        "spring.security.oauth2.resourceserver.jwt.public-key-location", "file:" + publicKey,
                        "server.port", "0"),
                Map.of(), Map.of());
        commands = new LedgerHttp(ledger.commandPort());
        queries = new LedgerHttp(ledger.queryPort());
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    static String token(KeyPair key, String user, List<String> roles, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject("id-" + user).claim("preferred_username", user).claim("ledger_roles", roles)
                .issueTime(new Date()).expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    static Answer open(String token) {
        return commands.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledger.commandPort() + "/relationships"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"counterparty\":{\"name\":\"Token Corp\",\"kind\":\"CUSTOMER\"}}"))
                .build());
    }

    @Test
    void aValidTokenActsAsItsUserWithItsRoles() throws Exception {
        Answer opened = open(token(issuer, "rita", List.of("RELATIONSHIP_MANAGER"), Instant.now().plusSeconds(300)));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        long position = opened.json().get("position").asLong();
        Answer status = queries.get(TestUsers.MARIA, "/relationships/" + opened.text("aggregateId") + "?atLeast=" + position);
        assertThat(status.text("owner")).isEqualTo("rita");
    }

    @Test
    void aTokenOfAReadOnlyRoleMayNotWrite() throws Exception {
        assertThat(open(token(issuer, "bianca", List.of("BI_ANALYST"), Instant.now().plusSeconds(300))).status()).isEqualTo(403);
        assertThat(open(token(issuer, "nobody", List.of(), Instant.now().plusSeconds(300))).status()).isEqualTo(403);
    }

    @Test
    void forgedOrExpiredTokensAre401Problems() throws Exception {
        for (String bad : List.of(token(stranger, "rita", List.of("MANAGER"), Instant.now().plusSeconds(300)),
                token(issuer, "rita", List.of("MANAGER"), Instant.now().minus(Duration.ofMinutes(10))),
                "not.a.token")) {
            Answer answer = open(bad);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void theQuerySideAcceptsTheSameTokens() throws Exception {
        String token = token(issuer, "carl", List.of("COMPLIANCE_OFFICER"), Instant.now().plusSeconds(300));
        Answer audit = queries.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledger.queryPort() + "/audit"))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        // the token's roles decide: a relationship manager reads only their relationships' trail (decision 0020)
        String history = "http://localhost:" + ledger.queryPort() + "/relationships/" + java.util.UUID.randomUUID()
                + "/history";
        String manager = token(issuer, "rita", List.of("RELATIONSHIP_MANAGER"), Instant.now().plusSeconds(300));
        assertThat(queries.send(HttpRequest.newBuilder(URI.create(history))
                .header("Authorization", "Bearer " + manager).GET().build()).status()).isEqualTo(403);
        assertThat(queries.send(HttpRequest.newBuilder(URI.create(history))
                .header("Authorization", "Bearer " + token).GET().build()).status()).as("a reader of all").isEqualTo(404);
    }

    @Test
    void httpBasicStillWorks() {
        assertThat(commands.post(TestUsers.RITA, "/relationships",
                "{\"counterparty\":{\"name\":\"Basic Corp\",\"kind\":\"CUSTOMER\"}}").status()).isEqualTo(201);
    }
}

package dev.relationshipledger.command.chain.proof;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment key and the checkpoints it signs. */
class SigningKeyTest {

    @TempDir
    Path directory;

    @Test
    void aKeyIsCreatedOnceOwnerOnlyAndReadBackWithItsPublicHalf() throws Exception {
        Path file = directory.resolve("keys/chain-signing-key.pem");
        SigningKey created = SigningKey.readOrCreate(file);
        SigningKey read = SigningKey.readOrCreate(file);

        assertThat(read.keyId()).isEqualTo(created.keyId()).hasSize(16);
        assertThat(read.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        Path publicFile = directory.resolve("keys/chain-signing-key.pub.pem");
        assertThat(SigningKey.readPublicKey(publicFile).getEncoded()).isEqualTo(created.publicKey().getEncoded());
        assertThat(SigningKey.jwk(created.publicKey())).containsEntry("kty", "OKP").containsEntry("crv", "Ed25519")
                .containsEntry("kid", created.keyId());
        assertThat(created.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void aCheckpointVerifiesAndAnyFlippedBitBreaksIt() {
        SigningKey key = SigningKey.generate();
        byte[] head = ChainHash.sha256("head".getBytes());
        Checkpoint checkpoint = Checkpoint.sign(1000, head, Instant.parse("2026-11-30T10:00:00.123456789Z"), key);

        assertThat(checkpoint.createdAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00.123456Z"));
        assertThat(checkpoint.signatureValid(key.publicKey())).isTrue();
        assertThat(Checkpoint.fromJson(checkpoint.toJson(key.publicKey())).signatureValid(key.publicKey())).isTrue();

        for (int bit = 0; bit < checkpoint.signature().length * 8; bit += 7) {
            byte[] signature = checkpoint.signature().clone();
            signature[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(new Checkpoint(null, 1000, head, checkpoint.createdAt(), key.keyId(), signature)
                    .signatureValid(key.publicKey())).as("bit %d of the signature", bit).isFalse();
        }
        assertThat(new Checkpoint(null, 1000, ChainHashTest.flipped(head, 5), checkpoint.createdAt(), key.keyId(),
                checkpoint.signature()).signatureValid(key.publicKey())).isFalse();
        assertThat(new Checkpoint(null, 1001, head, checkpoint.createdAt(), key.keyId(), checkpoint.signature())
                .signatureValid(key.publicKey())).isFalse();
        assertThat(new Checkpoint(null, 1000, head, checkpoint.createdAt().plusNanos(1000), key.keyId(),
                checkpoint.signature()).signatureValid(key.publicKey())).isFalse();
        assertThat(checkpoint.signatureValid(SigningKey.generate().publicKey())).isFalse();
    }

    @Test
    void aKeyWrittenByOpenSslReads() throws Exception {
        // `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` output (a throwaway test key, used nowhere else).
        String pem = """
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEICxhHaQLQMnc3h0tVo8vYWoGJLKFQh/8OqWDvStc2eOa
                -----END PRIVATE KEY-----
                """;
        String publicPem = """
                -----BEGIN PUBLIC KEY-----
                MCowBQYDK2VwAyEAZcKmrD4qsAYhwHcgCoWD1QWDnzFIi9ICcdGAoJPvcEI=
                -----END PUBLIC KEY-----
                """;
        SigningKey key = SigningKey.fromPrivatePem(pem);
        assertThat(key.publicKey().getEncoded()).isEqualTo(SigningKey.publicKeyFromPem(publicPem).getEncoded());
        assertThat(key.publicPem()).isEqualTo(publicPem);
        byte[] message = "checkpoint".getBytes();
        assertThat(SigningKey.verify(key.publicKey(), message, key.sign(message))).isTrue();
    }
}

package dev.relationshipledger.command.chain.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deployment's Ed25519 key that signs checkpoints and evidence packs (JDK only, no provider). The private key
 * lives in a PKCS#8 PEM file outside the database ({@code ledger.chain.signing-key-file}; {@code openssl genpkey
 * -algorithm ed25519} writes the same format); the public key is published as PEM and as a JWK.
 */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {

    public static final String ALGORITHM = "Ed25519";

    /** Creates a fresh key. */
    public static SigningKey generate() {
        try {
            return of(KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
    }

    /** Reads a PKCS#8 PEM private key and derives its public half. */
    public static SigningKey read(Path pemFile) {
        try {
            return fromPrivatePem(Files.readString(pemFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + pemFile, e);
        }
    }

    /** Reads the key, or creates one (owner-only permissions) with its public half beside it when none exists. */
    public static SigningKey readOrCreate(Path pemFile) {
        if (Files.exists(pemFile)) {
            return read(pemFile);
        }
        SigningKey key = generate();
        try {
            Files.createDirectories(pemFile.toAbsolutePath().getParent());
            try {
                Files.createFile(pemFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(pemFile);
            }
            Files.writeString(pemFile, key.privatePem(), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(publicKeyFileBeside(pemFile), key.publicPem(), StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            return read(pemFile); // another process created it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signing key " + pemFile, e);
        }
        return key;
    }

    /** {@code chain-signing-key.pem} → {@code chain-signing-key.pub.pem}. */
    public static Path publicKeyFileBeside(Path privatePem) {
        String name = privatePem.getFileName().toString();
        String base = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
        return privatePem.resolveSibling(base + ".pub.pem");
    }

    public static SigningKey fromPrivatePem(String pem) {
        try {
            PrivateKey privateKey = KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem, "PRIVATE KEY")));
            return of(new KeyPair(derivePublic(privateKey), privateKey));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 PEM", e);
        }
    }

    public static PublicKey publicKeyFromPem(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(pemBody(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key in PEM (SubjectPublicKeyInfo)", e);
        }
    }

    public static PublicKey readPublicKey(Path pemFile) {
        try {
            return publicKeyFromPem(Files.readString(pemFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the public key " + pemFile, e);
        }
    }

    /** A short, stable name of a public key: the first 16 hex digits of SHA-256 over its X.509 encoding. */
    public static String keyIdOf(PublicKey publicKey) {
        return ChainHash.hex(ChainHash.sha256(publicKey.getEncoded())).substring(0, 16);
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the deployment key", e);
        }
    }

    public static boolean verify(PublicKey publicKey, byte[] message, byte[] signatureBytes) {
        if (publicKey == null || signatureBytes == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(publicKey);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public String privatePem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    public String publicPem() {
        return publicPem(publicKey);
    }

    public static String publicPem(PublicKey publicKey) {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** The public key as a JSON Web Key (RFC 8037: kty OKP, crv Ed25519, x = the raw 32 bytes, base64url). */
    public static Map<String, String> jwk(PublicKey publicKey) {
        byte[] encoded = publicKey.getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", ALGORITHM);
        jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        jwk.put("kid", keyIdOf(publicKey));
        jwk.put("use", "sig");
        return jwk;
    }

    private static SigningKey of(KeyPair pair) {
        return new SigningKey(pair.getPrivate(), pair.getPublic(), keyIdOf(pair.getPublic()));
    }

    /**
     * The JDK does not derive an Ed25519 public key from a private one, but its key generator builds the private
     * key from 32 random bytes: feeding it the private key's own bytes yields the same key and its public half.
     */
    private static PublicKey derivePublic(PrivateKey privateKey) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the private key hides its bytes"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, bytes.length);
            }
        });
        KeyPair pair = generator.generateKeyPair();
        if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
            throw new GeneralSecurityException("could not derive the public key");
        }
        return pair.getPublic();
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + label + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    @Override
    public String toString() {
        return "SigningKey[" + keyId + "]"; // never the private key
    }
}

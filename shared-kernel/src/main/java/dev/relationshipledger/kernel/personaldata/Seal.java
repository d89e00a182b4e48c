package dev.relationshipledger.kernel.personaldata;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * AES-256-GCM over one text value. The nonce is random per value and stored in front of the ciphertext; the
 * associated data names where the value belongs (relationship, person, field), so a sealed value copied into
 * another person's or field's place does not open.
 */
public final class Seal {

    public static final String CIPHER = "AES-256-GCM";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Seal() {
    }

    public static SecretKey newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key(key);
    }

    public static SecretKey key(byte[] secret) {
        if (secret.length != KEY_BYTES) {
            throw new IllegalArgumentException("a personal data key has " + KEY_BYTES + " bytes, not " + secret.length);
        }
        return new SecretKeySpec(secret, "AES");
    }

    /** The sealed value, as base64 text: nonce, then ciphertext with its tag. */
    public static String seal(SecretKey key, String place, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, place);
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal with " + CIPHER, e);
        }
    }

    /**
     * The value a {@link #seal} gave, opened with the key it was sealed with.
     *
     * @throws IllegalStateException if the value does not open with this key in this place: it was altered, or moved
     */
    public static String open(SecretKey key, String place, String sealed) {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        if (bytes.length <= NONCE_BYTES) {
            throw new IllegalStateException("a sealed value at " + place + " is too short to be one");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(bytes, NONCE_BYTES), place);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new IllegalStateException("the sealed value at " + place + " does not open with its key: altered or moved", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open with " + CIPHER, e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String place) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(place.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}

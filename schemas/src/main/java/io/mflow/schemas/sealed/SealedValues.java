package io.mflow.schemas.sealed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (sensitive param values, update tokens, webhook headers) before they travel on a topic, so that a
 * dashboard reading the topic never sees them: {@code enc:v1:} + base64(12-byte IV + AES-256-GCM ciphertext and tag).
 * Every service that must open a sealed value is given the same 32-byte key ({@code MFLOW_SECRET_KEY}, base64).
 */
public final class SealedValues {

    public static final String PREFIX = "enc:v1:";
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SealedValues(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key == null ? "" : base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret key must be base64 of 32 bytes", e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("the secret key must be base64 of 32 bytes, got " + bytes.length + " bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /** A new random key, base64, for {@code MFLOW_SECRET_KEY}. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public String seal(String plain) {
        if (plain == null || isSealed(plain)) {
            return plain;
        }
        try {
            byte[] iv = new byte[IV_LENGTH];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_LENGTH + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /** Opens a sealed value; a plain value is returned as it is. Fails if the value was sealed with another key. */
    public String open(String value) {
        if (!isSealed(value)) {
            return value;
        }
        try {
            byte[] all = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_LENGTH));
            return new String(cipher.doFinal(all, IV_LENGTH, all.length - IV_LENGTH), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a sealed value could not be opened (wrong key or corrupt value)", e);
        }
    }
}

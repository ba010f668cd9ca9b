package io.mflow.schemas.sealed;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (sensitive param values, update tokens, webhook headers, e-mail addresses) before they are stored or
 * travel on a topic, so that a dashboard reading the topic or a backup of the store never sees them:
 * {@code enc:v2:} + base64(12-byte IV + AES-256-GCM ciphertext and tag), with the value's {@link SealedPlace} as the
 * associated data. A value opens only at the place it was sealed for: a ciphertext copied into another task's params,
 * another param or another kind of field fails to open. A service that moves a value to another place (a job's
 * default into a job task's params) opens it at the old place and seals it again at the new one.
 * Every service that must open a sealed value is given the same 32-byte key ({@code MFLOW_SECRET_KEY}, base64).
 *
 * <p>Values sealed by a version before places ({@code enc:v1:}, no associated data) no longer open: they could be
 * opened anywhere, which is the very thing places forbid. They are to be given again (see docs/security.md).
 */
public final class SealedValues {

    public static final String PREFIX = "enc:v2:";
    /** Sealed without a place, by versions before places: refused. */
    public static final String UNPLACED_PREFIX = "enc:v1:";
    private static final Pattern ANY_VERSION = Pattern.compile("enc:v[0-9]+:.*", Pattern.DOTALL);
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

    /** Sealed by any version of mflow ({@code enc:v<n>:}), whether this version can open it or not. */
    public static boolean isSealed(String value) {
        return value != null && ANY_VERSION.matcher(value).matches();
    }

    /**
     * Seals {@code plain} for {@code place}. A value that is sealed already is refused: sealing it again would bind
     * nothing (open it at its own place first).
     */
    public String seal(String plain, SealedPlace place) {
        if (plain == null) {
            return null;
        }
        if (isSealed(plain)) {
            throw new IllegalArgumentException("a sealed value cannot be sealed again for " + place
                    + ": open it at its own place first");
        }
        try {
            byte[] iv = new byte[IV_LENGTH];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(place.associatedData());
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_LENGTH + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    /**
     * Opens a value sealed for {@code place}; a plain value is returned as it is. Fails, naming the place but nothing
     * of the value, if it was sealed for another place or with another key, was altered, or was sealed before places.
     */
    public String open(String value, SealedPlace place) {
        if (!isSealed(value)) {
            return value;
        }
        if (value.startsWith(UNPLACED_PREFIX)) {
            throw new IllegalArgumentException("a value sealed by a version before places (enc:v1:) no longer opens;"
                    + " it is to be given again (" + place + ")");
        }
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a sealed value of an unknown version cannot be opened (" + place + ")");
        }
        try {
            byte[] all = Base64.getDecoder().decode(value.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_LENGTH));
            cipher.updateAAD(place.associatedData());
            return new String(cipher.doFinal(all, IV_LENGTH, all.length - IV_LENGTH), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            // No cause: it would say nothing more, and a cipher's message is no place to risk anything of the value.
            throw new IllegalArgumentException("a sealed value does not open at " + place
                    + ": it was sealed for another place or with another key, or was altered");
        }
    }
}

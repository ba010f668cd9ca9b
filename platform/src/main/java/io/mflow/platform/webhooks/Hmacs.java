package io.mflow.platform.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, the signature every webhook platform here signs or checks with, each over its own string. */
public final class Hmacs {

    private Hmacs() {
    }

    public static byte[] sha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    public static String sha256Base64(byte[] key, String data) {
        return Base64.getEncoder().encodeToString(sha256(key, data.getBytes(StandardCharsets.UTF_8)));
    }

    public static String sha256Base64(String key, String data) {
        return sha256Base64(key.getBytes(StandardCharsets.UTF_8), data);
    }

    /** Lower-case hex, as GitHub's {@code X-Hub-Signature-256} carries it (after {@code sha256=}). */
    public static String sha256Hex(String key, byte[] data) {
        return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8), data));
    }

    /** Compares in time that does not depend on where the two differ, so a guess learns nothing from the answer's speed. */
    public static boolean same(String given, String expected) {
        if (given == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}

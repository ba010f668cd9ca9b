package io.mflow.schemas.sealed;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lets a runner prove it holds a job task's update token without putting the token on a topic. In the
 * {@code updateToken} field of a {@code JobTaskStatusReported} it sends {@code proof:v1:} + base64(HMAC-SHA256 over
 * {@code reportId|jobTaskId|stage}, keyed with the SHA-256 of the token). The proof is good for that one report
 * only, so a dashboard that reads it can replay nothing but the report it saw, which is applied once anyway.
 * A user's own agent may still send the plain token.
 */
public final class ReportProofs {

    public static final String PREFIX = "proof:v1:";

    private ReportProofs() {
    }

    public static boolean isProof(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public static String prove(String plainToken, String reportId, String jobTaskId, String stage) {
        return PREFIX + Base64.getEncoder().encodeToString(mac(sha256(plainToken), reportId, jobTaskId, stage));
    }

    /** @param tokenSha256Hex the hex SHA-256 of the token, which is all task-service keeps of it */
    public static boolean verify(String proof, String tokenSha256Hex, String reportId, String jobTaskId, String stage) {
        if (!isProof(proof) || tokenSha256Hex == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(proof.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        byte[] expected = mac(HexFormat.of().parseHex(tokenSha256Hex), reportId, jobTaskId, stage);
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] mac(byte[] key, String reportId, String jobTaskId, String stage) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((reportId + "|" + jobTaskId + "|" + stage).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}

package io.mflow.platform.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Standard Webhooks (standardwebhooks.com), signed and verified in one place: {@code webhook-id},
 * {@code webhook-timestamp} (seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}
 * with the secret {@code whsec_<base64 key>}. notify-service signs what it sends with it; task-service verifies what
 * it receives.
 */
public final class StandardWebhooks {

    public static final String SECRET_PREFIX = "whsec_";
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    /** How far a timestamp may be from now, either way: an older delivery is a replay. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private StandardWebhooks() {
    }

    /** A new random secret, {@code whsec_} and 32 bytes in base64. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key a secret stands for: the base64 after {@code whsec_}; a secret in another form as its bytes. */
    static byte[] keyOf(String secret) {
        if (secret.startsWith(SECRET_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException notBase64) {
                return secret.getBytes(StandardCharsets.UTF_8);
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code webhook-signature}: {@code v1,} and the signature. */
    public static String sign(String secret, String id, String timestamp, byte[] body) {
        return "v1," + Hmacs.sha256Base64(keyOf(secret), id + "." + timestamp + "."
                + new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Whether the headers prove the body came from a holder of {@code secret}, now: the timestamp within
     * {@link #TOLERANCE} of {@code now}, and one of the space-separated signatures (a sender rotating its secret sends
     * several) a {@code v1} one that matches.
     */
    public static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body,
                                 Instant now) {
        if (secret == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException notSeconds) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return false;
        }
        String expected = sign(secret, id, timestamp.trim(), body);
        boolean matched = false;
        for (String signature : signatures.trim().split(" ")) {
            // every one compared, so the answer's time does not say which matched
            matched |= Hmacs.same(signature, expected);
        }
        return matched;
    }
}

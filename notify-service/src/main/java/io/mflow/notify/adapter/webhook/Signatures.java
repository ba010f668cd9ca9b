package io.mflow.notify.adapter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 in base64, the signature every platform here asks for, each over its own string. */
final class Signatures {

    private Signatures() {
    }

    static String hmacSha256Base64(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    static String hmacSha256Base64(String key, String data) {
        return hmacSha256Base64(key.getBytes(StandardCharsets.UTF_8), data);
    }
}

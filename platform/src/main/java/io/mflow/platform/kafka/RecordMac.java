package io.mflow.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The engine's proof that it wrote a record: an HMAC-SHA256 over the record's topic, key, value and every header but
 * this one, carried in the header {@value #HEADER} as {@code v1:<base64>}. Only holders of {@code MFLOW_SECRET_KEY}
 * (mflow's own services) can make it, so a record anyone else wrote to a topic, or changed on its way, is told apart.
 *
 * <p>The key is derived from the secret key with HKDF-SHA256 (RFC 5869) under a fixed label, so it is not the key
 * that seals values: a weakness in one use does not reach the other. It is derived once; each thread keeps its own
 * {@link Mac}, since a {@code Mac} is not thread-safe and making one per record would cost more than the MAC.
 *
 * <p>Each field is written with its length before it (-1 for a missing key, value or header value), and the headers
 * with their count, so no two different records feed the same bytes to the MAC: moving bytes from the key into the
 * value, from one header into the next, or from a header's name into its value changes the MAC. Every header is
 * covered, not a chosen few: a consumer may act on any of them ({@code mflow-type}, {@code ce_id}, ...), and one
 * added later is covered without anyone remembering to.
 */
public final class RecordMac {

    /** The header carrying the MAC. */
    public static final String HEADER = "mflow-mac";

    private static final String VERSION = "v1:";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int LENGTH = 32;
    /** Names this use of the secret key: the same secret with another label gives an unrelated key. */
    private static final byte[] LABEL = "mflow record MAC v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKeySpec key;
    private final ThreadLocal<Hmac> macs;

    private RecordMac(byte[] derivedKey) {
        this.key = new SecretKeySpec(derivedKey, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> new Hmac(key));
    }

    /** The MAC of the engine whose {@code mflow.secret-key} (base64 of 32 bytes) this is. */
    public static RecordMac ofSecretKey(String base64SecretKey) {
        if (base64SecretKey == null || base64SecretKey.isBlank()) {
            throw new IllegalArgumentException("no secret key");
        }
        return new RecordMac(hkdf(Base64.getDecoder().decode(base64SecretKey.trim()), LABEL, LENGTH));
    }

    /** Puts the MAC of the record as it is now on its headers, in place of any MAC it carried. */
    public void sign(String topic, byte[] key, byte[] value, Headers headers) {
        headers.remove(HEADER);
        byte[] mac = macOf(topic, key, value, headers);
        headers.add(HEADER, (VERSION + Base64.getEncoder().encodeToString(mac)).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the record carries this engine's MAC of what it holds; the reason when not. */
    public Verdict check(String topic, byte[] key, byte[] value, Headers headers) {
        Iterator<Header> carried = headers.headers(HEADER).iterator();
        if (!carried.hasNext()) {
            return Verdict.MISSING;
        }
        byte[] given = carried.next().value();
        if (carried.hasNext()) {
            return Verdict.MALFORMED; // two MACs: which one a reader believes must not be a question
        }
        byte[] claimed = decode(given);
        if (claimed == null) {
            return Verdict.MALFORMED;
        }
        return MessageDigest.isEqual(claimed, macOf(topic, key, value, headers)) ? Verdict.VALID : Verdict.WRONG;
    }

    private static byte[] decode(byte[] given) {
        if (given == null) {
            return null;
        }
        String text = new String(given, StandardCharsets.UTF_8);
        if (!text.startsWith(VERSION)) {
            return null;
        }
        try {
            byte[] mac = Base64.getDecoder().decode(text.substring(VERSION.length()));
            return mac.length == LENGTH ? mac : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    byte[] macOf(String topic, byte[] key, byte[] value, Headers headers) {
        Hmac hmac = macs.get();
        hmac.mac.reset(); // nothing left over from a computation an exception cut short
        hmac.field(topic.getBytes(StandardCharsets.UTF_8));
        hmac.field(key);
        hmac.field(value);
        int count = 0;
        for (Header header : headers) {
            if (!HEADER.equals(header.key())) {
                count++;
            }
        }
        hmac.length(count);
        for (Header header : headers) {
            if (!HEADER.equals(header.key())) {
                hmac.field(header.key().getBytes(StandardCharsets.UTF_8));
                hmac.field(header.value());
            }
        }
        return hmac.mac.doFinal();
    }

    /** HKDF-SHA256, extract then expand (RFC 5869), with no salt. */
    static byte[] hkdf(byte[] secret, byte[] info, int length) {
        try {
            Mac extract = Mac.getInstance(ALGORITHM);
            extract.init(new SecretKeySpec(new byte[LENGTH], ALGORITHM));
            byte[] pseudoRandomKey = extract.doFinal(secret);
            Mac expand = Mac.getInstance(ALGORITHM);
            expand.init(new SecretKeySpec(pseudoRandomKey, ALGORITHM));
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            for (int done = 0, counter = 1; done < length; counter++) {
                expand.update(block);
                expand.update(info);
                expand.update((byte) counter);
                block = expand.doFinal();
                int take = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, take);
                done += take;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether a record's MAC verifies, and if not, why; the reason names the header so a dead letter says it. */
    public enum Verdict {
        VALID(null),
        MISSING("the record has no " + HEADER + " header: it was not written by this engine, which signs every record"
                + " it writes"),
        MALFORMED("the record's " + HEADER + " header is malformed (one header, v1: and the base64 of 32 bytes)"),
        WRONG("the record's " + HEADER + " header does not verify: it was not written by this engine (another key),"
                + " or was changed since");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** One thread's {@link Mac} and the four bytes a length is written through. */
    private static final class Hmac {
        private final Mac mac;
        private final byte[] length = new byte[4];

        Hmac(SecretKeySpec key) {
            try {
                mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        }

        void field(byte[] bytes) {
            if (bytes == null) {
                length(-1);
            } else {
                length(bytes.length);
                mac.update(bytes);
            }
        }

        void length(int n) {
            length[0] = (byte) (n >>> 24);
            length[1] = (byte) (n >>> 16);
            length[2] = (byte) (n >>> 8);
            length[3] = (byte) n;
            mac.update(length);
        }
    }
}

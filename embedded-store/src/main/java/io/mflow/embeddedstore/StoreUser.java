package io.mflow.embeddedstore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one user the store lets in, defined in the {@code admin} database as MongoDB's users are. The store keeps only
 * what SCRAM-SHA-256 (RFC 5802, RFC 7677) needs to check a proof, never the password: the salt, the iteration count,
 * the stored key and the server key. {@link #toString} never shows the password.
 */
public final class StoreUser {

    /** MongoDB's own default for SCRAM-SHA-256. */
    static final int ITERATIONS = 15_000;

    private final String name;
    private final String password;
    private final byte[] salt;
    private final byte[] storedKey;
    private final byte[] serverKey;

    private StoreUser(String name, String password, byte[] salt, byte[] storedKey, byte[] serverKey) {
        this.name = name;
        this.password = password;
        this.salt = salt;
        this.storedKey = storedKey;
        this.serverKey = serverKey;
    }

    /**
     * A user with a password of printable ASCII without spaces: SASLprep (RFC 4013), which SCRAM-SHA-256 applies to
     * passwords, leaves such a password as it is, and this store does not implement it.
     */
    public static StoreUser of(String name, String password) {
        if (name == null || name.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a store user needs a name and a password");
        }
        if (!password.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("the store's password must be printable ASCII without spaces");
        }
        byte[] salt = new byte[28];
        new SecureRandom().nextBytes(salt);
        byte[] salted = Scram.saltedPassword(password, salt, ITERATIONS);
        return new StoreUser(name, password, salt, Scram.sha256(Scram.hmac(salted, "Client Key")),
                Scram.hmac(salted, "Server Key"));
    }

    public String name() {
        return name;
    }

    /**
     * The address a client connects with as this user: {@code mongodb://<name>:<password>@<host>:<port>/?authSource=admin}.
     * It holds the password: hand it over in the environment, never on a command line, never in a log.
     */
    public String uri(String host, int port) {
        return "mongodb://" + URLEncoder.encode(name, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@" + host + ":" + port + "/?authSource=admin";
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] storedKey() {
        return storedKey.clone();
    }

    byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public String toString() {
        return "StoreUser[" + name + ", password ****]";
    }

    /** The primitives of SCRAM-SHA-256, from the JDK. */
    static final class Scram {

        private Scram() {
        }

        static byte[] saltedPassword(String password, byte[] salt, int iterations) {
            try {
                PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
            }
        }

        static byte[] hmac(byte[] key, String message) {
            return hmac(key, message.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] hmac(byte[] key, byte[] message) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(message);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no HmacSHA256", e);
            }
        }

        static byte[] sha256(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no SHA-256", e);
            }
        }
    }
}

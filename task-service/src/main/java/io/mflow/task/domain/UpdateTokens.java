package io.mflow.task.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Only the SHA-256 hash of a job task's update token is kept, so a leaked store leaks no token. */
public final class UpdateTokens {

    private UpdateTokens() {
    }

    public static String hash(String plain) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Constant-time, so the comparison leaks nothing about how much of a guess was right. */
    public static boolean matches(String plain, String hash) {
        if (plain == null || plain.isEmpty() || hash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(plain).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }
}

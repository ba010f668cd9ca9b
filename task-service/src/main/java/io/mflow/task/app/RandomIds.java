package io.mflow.task.app;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Ids of new documents and update tokens: random, since they start something rather than derive from it. */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String next(String prefix) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** 32 random bytes, base64url: a token nobody guesses. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

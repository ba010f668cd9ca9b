package io.mflow.task.app;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ids of new documents and update tokens: random, since they start something rather than derive from it.
 *
 * <p>An id starts with the time it was made (milliseconds, 12 hex digits), so ids sort by age: a store's index
 * then keeps what is in flight together in its last pages, instead of spread over every page of the history, which a
 * store then reads back from disk for each write (as ObjectIds, UUIDv7 and ULIDs do). 64 random bits follow.
 */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String next(String prefix) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return prefix + String.format("%012x", System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL)
                + HexFormat.of().formatHex(bytes);
    }

    /** 32 random bytes, base64url: a token nobody guesses. */
    public static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A user's API token as it is kept: its hash, never its value, which its owner saw once when it was issued.
 * A token is long and random, so a plain SHA-256 is enough to make a stolen copy of the store useless; a slow
 * password hash would only slow every request down.
 *
 * @param expiresAt null for a token that does not expire
 * @param lastUsedAt null until first used; kept to the minute, so a busy token does not write on every request
 * @param agent what the token may claim as an agent's; null: nothing (an admin binds it when issuing the token)
 */
public record ApiToken(String id, String userName, String name, String hash, Instant createdAt, Instant expiresAt,
                       Instant lastUsedAt, AgentBinding agent) {

    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    /** A token that binds no agent work: a person's, or an agent's that may claim nothing yet. */
    public ApiToken(String id, String userName, String name, String hash, Instant createdAt, Instant expiresAt,
                    Instant lastUsedAt) {
        this(id, userName, name, hash, createdAt, expiresAt, lastUsedAt, null);
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Whether a use at {@code now} is worth recording. */
    public boolean usedLongerAgoThanResolution(Instant now) {
        return lastUsedAt == null || Duration.between(lastUsedAt, now).compareTo(USE_RESOLUTION) >= 0;
    }

    /** The same SHA-256 as an update token's: both are long random values, kept only as their hash. */
    public static String hashOf(String value) {
        return UpdateTokens.hash(value);
    }
}

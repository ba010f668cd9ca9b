package io.mflow.task.app;

import io.mflow.task.domain.ApiToken;
import io.mflow.task.domain.Limits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

public class IssueApiToken {

    /** Recognisable in a leaked log or commit, so secret scanners can find it. */
    public static final String PREFIX = "mflow_";
    private static final int MAX_DAYS = 3650;

    private final Users users;
    private final ApiTokens tokens;
    private final Clock clock;

    public IssueApiToken(Users users, ApiTokens tokens, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The token and, this once, its value. */
    public record Issued(ApiToken token, String value) {
    }

    /** @param expiresInDays null for a token that does not expire */
    public Issued issue(String userName, String name, Integer expiresInDays) {
        RequestRefused.ifInvalid(Limits.checkName("name", name, null));
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_DAYS)) {
            throw RequestRefused.invalid("expiresInDays must be between 1 and " + MAX_DAYS + ", got " + expiresInDays);
        }
        if (users.byName(userName).isEmpty()) {
            throw RequestRefused.notFound("no user named " + userName);
        }
        return issue(userName, name, expiresInDays, PREFIX + RandomIds.token());
    }

    Issued issue(String userName, String name, Integer expiresInDays, String value) {
        Instant now = clock.instant();
        Instant expiresAt = expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays));
        ApiToken token = new ApiToken(RandomIds.next("tok-"), userName, name, ApiToken.hashOf(value), now, expiresAt,
                null);
        tokens.add(token);
        return new Issued(token, value);
    }
}

package io.mflow.task.app;

import io.mflow.task.domain.ApiToken;
import io.mflow.task.domain.User;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Who a token belongs to, looked up on every request: a revoked token, an expired one or a disabled user is
 * refused from the next request on, and role changes apply at once.
 */
public class AuthenticateApiToken {

    private final Users users;
    private final ApiTokens tokens;
    private final Clock clock;

    public AuthenticateApiToken(Users users, ApiTokens tokens, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Whose token it is, and the token itself (what it binds). */
    public record Authenticated(User user, ApiToken token) {
    }

    public Optional<User> authenticate(String value) {
        return authenticateToken(value).map(Authenticated::user);
    }

    public Optional<Authenticated> authenticateToken(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<ApiToken> token = tokens.byHash(ApiToken.hashOf(value)).filter(t -> !t.isExpiredAt(now));
        Optional<User> user = token.flatMap(t -> users.byName(t.userName())).filter(u -> !u.disabled());
        if (user.isPresent() && token.get().usedLongerAgoThanResolution(now)) {
            tokens.markUsed(token.get().hash(), now);
        }
        return user.map(u -> new Authenticated(u, token.get()));
    }
}

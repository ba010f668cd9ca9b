package io.mflow.task.app;

import io.mflow.task.domain.ApiToken;
import io.mflow.task.domain.Role;
import io.mflow.task.domain.User;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * On an engine's first start nobody could call it, so it makes the user {@code admin} with a token: the one given
 * (MFLOW_ADMIN_TOKEN) or a new one, which the caller writes where the operator can read it. A token given on a later
 * start is added to the admin's tokens if it is not one of them yet, so an operator who sets MFLOW_ADMIN_TOKEN can
 * rely on it whatever the store's history (whoever sets a service's environment is its admin anyway).
 */
public class CreateFirstAdmin {

    public static final String ADMIN = "admin";

    private final Users users;
    private final ApiTokens tokens;
    private final IssueApiToken issueApiToken;
    private final Clock clock;

    public CreateFirstAdmin(Users users, ApiTokens tokens, IssueApiToken issueApiToken, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.issueApiToken = issueApiToken;
        this.clock = clock;
    }

    /** The admin's token when this start created the admin; empty when users existed already. */
    public Optional<IssueApiToken.Issued> ifNobodyExists(Optional<String> givenToken) {
        if (users.any()) {
            givenToken.filter(t -> !t.isBlank()).map(String::trim)
                    .filter(t -> tokens.byHash(ApiToken.hashOf(t)).isEmpty() && users.byName(ADMIN).isPresent())
                    .ifPresent(t -> issueApiToken.issue(ADMIN, "MFLOW_ADMIN_TOKEN", null, t));
            return Optional.empty();
        }
        // Two instances starting at once: the unique name lets one of them win.
        if (!users.add(new User(ADMIN, null, Set.of(Role.ADMIN), false, clock.instant()))) {
            return Optional.empty();
        }
        String value = givenToken.filter(t -> !t.isBlank()).map(String::trim)
                .orElseGet(() -> IssueApiToken.PREFIX + RandomIds.token());
        return Optional.of(issueApiToken.issue(ADMIN, "first-start", null, value));
    }
}

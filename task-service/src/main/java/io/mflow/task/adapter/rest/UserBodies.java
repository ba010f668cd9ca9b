package io.mflow.task.adapter.rest;

import io.mflow.task.app.IssueApiToken;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.ApiToken;
import io.mflow.task.domain.Role;
import io.mflow.task.domain.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Request and response shapes of /api/v1/users and /api/v1/me. */
final class UserBodies {

    private UserBodies() {
    }

    record CreateUserRequest(String name, String email, List<String> roles) {
    }

    record ChangeUserRequest(String email, List<String> roles, Boolean disabled) {
    }

    record UserResponse(String name, String email, List<String> roles, boolean disabled, Instant createdAt) {
        static UserResponse of(User user) {
            return new UserResponse(user.name(), user.email(), user.roles().stream().map(Role::name).sorted().toList(),
                    user.disabled(), user.createdAt());
        }
    }

    /**
     * {@code identity}: who the caller is where mflow compares people (gates, who started a run, the audit trail):
     * a local user's name, or an SSO caller's name with {@code @} and the issuer.
     */
    record MeResponse(String name, String email, List<String> roles, String identity) {
    }

    record TokenRequest(String name, Integer expiresInDays) {
    }

    /** The one answer that shows a token's value. */
    record IssuedTokenResponse(String id, String name, String token, Instant expiresAt) {
        static IssuedTokenResponse of(IssueApiToken.Issued issued) {
            return new IssuedTokenResponse(issued.token().id(), issued.token().name(), issued.value(),
                    issued.token().expiresAt());
        }
    }

    record TokenResponse(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
        static TokenResponse of(ApiToken token) {
            return new TokenResponse(token.id(), token.name(), token.createdAt(), token.expiresAt(), token.lastUsedAt());
        }
    }

    /** Null stays null (nothing to change); an unknown name is refused with the names that are known. */
    static Set<Role> roles(List<String> names) {
        if (names == null) {
            return null;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(String.valueOf(name).trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                throw RequestRefused.invalid("roles: '" + name + "' is not a role; roles are "
                        + Arrays.toString(Role.values()));
            }
        }
        return roles;
    }
}

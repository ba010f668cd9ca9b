package io.mflow.task.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mflow.task.app.IssueApiToken;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.AgentBinding;
import io.mflow.task.domain.ApiToken;
import io.mflow.task.domain.Role;
import io.mflow.task.domain.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Request and response shapes of /api/v1/users and /api/v1/me. */
final class UserBodies {

    private UserBodies() {
    }

    /** {@code namespaceRoles}: {@code {"web": "DEVELOPER"}}, roles held in one namespace only. */
    record CreateUserRequest(String name, String email, List<String> roles, Map<String, String> namespaceRoles) {
    }

    /** {@code namespaceRoles}: replaces them all ({@code {}}: none left); absent: unchanged. */
    /** {@code chatIds}: {@code {"feishu": "ou_...", "slack": "U..."}}, replaces them all; absent: unchanged. */
    record ChangeUserRequest(String email, List<String> roles, Boolean disabled, Map<String, String> namespaceRoles,
                             Map<String, String> chatIds) {
        ChangeUserRequest(String email, List<String> roles, Boolean disabled, Map<String, String> namespaceRoles) {
            this(email, roles, disabled, namespaceRoles, null);
        }
    }

    record UserResponse(String name, String email, List<String> roles, boolean disabled, Instant createdAt,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> namespaceRoles,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> chatIds) {
        UserResponse(String name, String email, List<String> roles, boolean disabled, Instant createdAt,
                     Map<String, String> namespaceRoles) {
            this(name, email, roles, disabled, createdAt, namespaceRoles, Map.of());
        }

        static UserResponse of(User user) {
            Map<String, String> namespaceRoles = new TreeMap<>();
            user.namespaceRoles().forEach((namespace, role) -> namespaceRoles.put(namespace, role.name()));
            return new UserResponse(user.name(), user.email(), user.roles().stream().map(Role::name).sorted().toList(),
                    user.disabled(), user.createdAt(), namespaceRoles, new TreeMap<>(user.chatIds()));
        }
    }

    /** Null stays null (nothing to change). */
    static Map<String, Role> namespaceRoles(Map<String, String> given) {
        if (given == null) {
            return null;
        }
        Map<String, Role> roles = new HashMap<>();
        given.forEach((namespace, name) -> {
            Set<Role> one = roles(List.of(String.valueOf(name)));
            roles.put(namespace, one.iterator().next());
        });
        return roles;
    }

    /**
     * {@code identity}: who the caller is where mflow compares people (gates, who started a run, the audit trail):
     * a local user's name, or an SSO caller's name with {@code @} and the issuer. {@code agent}: what the caller's
     * token may claim as an agent's; null when it binds nothing. {@code namespaceRoles}: roles held in one namespace
     * only (absent when none).
     */
    record MeResponse(String name, String email, List<String> roles, String identity, AgentBody agent,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> namespaceRoles) {
    }

    /**
     * An agent token's binding: the tags its agent may carry, the most attempts it may hold at once, and whether it may
     * take jobs that ask for no tags (default false).
     */
    record AgentBody(List<String> tags, Integer maxConcurrency, Boolean untagged) {
        static AgentBody of(AgentBinding binding) {
            return binding == null ? null
                    : new AgentBody(binding.tags(), binding.maxConcurrency(), binding.untagged());
        }

        static AgentBody of(io.mflow.platform.security.AgentBinding binding) {
            return binding == null ? null
                    : new AgentBody(binding.tags(), binding.maxConcurrency(), binding.untagged());
        }

        IssueApiToken.AgentRequest toRequest() {
            return new IssueApiToken.AgentRequest(tags, maxConcurrency, untagged);
        }
    }

    /** @param agent only an admin may bind a token to agent work */
    record TokenRequest(String name, Integer expiresInDays, AgentBody agent) {
    }

    /** The one answer that shows a token's value. */
    record IssuedTokenResponse(String id, String name, String token, Instant expiresAt, AgentBody agent) {
        static IssuedTokenResponse of(IssueApiToken.Issued issued) {
            return new IssuedTokenResponse(issued.token().id(), issued.token().name(), issued.value(),
                    issued.token().expiresAt(), AgentBody.of(issued.token().agent()));
        }
    }

    record TokenResponse(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                         AgentBody agent) {
        static TokenResponse of(ApiToken token) {
            return new TokenResponse(token.id(), token.name(), token.createdAt(), token.expiresAt(), token.lastUsedAt(),
                    AgentBody.of(token.agent()));
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

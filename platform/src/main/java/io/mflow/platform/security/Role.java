package io.mflow.platform.security;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a caller may do. Each ranked role includes the ranked ones before it: a DEVELOPER may do what a VIEWER may,
 * an ADMIN what a DEVELOPER may. AGENT stands apart: it includes none and none includes it, since a remote agent is
 * handed jobs with their secrets, which no person's role should mean. Roles are checked at the edge (the filter
 * chain), never inside a domain.
 */
public enum Role {
    /** Reads everything; sensitive values stay masked as for everyone. */
    VIEWER(true),
    /** Also defines jobs and pipelines, runs and cancels them. */
    DEVELOPER(true),
    /** Also manages users and their tokens. */
    ADMIN(true),
    /** A remote agent: takes AGENT jobs and reports them, nothing else. */
    AGENT(false);

    private final boolean ranked;

    Role(boolean ranked) {
        this.ranked = ranked;
    }

    /** Whether holding this role also grants {@code other}. */
    public boolean includes(Role other) {
        return this == other || ranked && other.ranked && compareTo(other) >= 0;
    }

    /** Spring Security's name for it: {@code ROLE_ADMIN}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role a claim or a request names, in any letter case. */
    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    /**
     * For Spring Security's RoleHierarchy: ADMIN > DEVELOPER > VIEWER, from the order of declaration, which
     * {@link Caller#is} also reads, so a new role cannot mean one thing to the filter chain and another to a service.
     */
    static String hierarchy() {
        Role[] roles = java.util.Arrays.stream(values()).filter(r -> r.ranked).toArray(Role[]::new);
        return IntStream.range(1, roles.length).mapToObj(i -> roles[i].authority() + " > " + roles[i - 1].authority())
                .collect(Collectors.joining("\n"));
    }
}

package io.mflow.platform.security;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a caller may do. Each role includes the ones before it: a DEVELOPER may do what a VIEWER may, an ADMIN what
 * a DEVELOPER may. Roles are checked at the edge (the filter chain), never inside a domain.
 */
public enum Role {
    /** Reads everything; sensitive values stay masked as for everyone. */
    VIEWER,
    /** Also defines jobs and pipelines, runs and cancels them. */
    DEVELOPER,
    /** Also manages users and their tokens. */
    ADMIN;

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
        Role[] roles = values();
        return IntStream.range(1, roles.length).mapToObj(i -> roles[i].authority() + " > " + roles[i - 1].authority())
                .collect(Collectors.joining("\n"));
    }
}

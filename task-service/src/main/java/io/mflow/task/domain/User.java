package io.mflow.task.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** Someone who calls mflow: known by a unique name, with roles, and switched off rather than deleted. */
public record User(String name, String email, Set<Role> roles, boolean disabled, Instant createdAt) {

    public User {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public User withEmail(String newEmail) {
        return new User(name, newEmail, roles, disabled, createdAt);
    }

    public User withRoles(Set<Role> newRoles) {
        return new User(name, email, newRoles, disabled, createdAt);
    }

    public User withDisabled(boolean newDisabled) {
        return new User(name, email, roles, newDisabled, createdAt);
    }
}

package io.mflow.task.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Someone who calls mflow: known by a unique name, with roles, and switched off rather than deleted.
 *
 * @param namespaceRoles roles held in one namespace only, beside the global {@code roles} (a DEVELOPER of {@code web}
 *                       defines and runs jobs and pipelines of {@code web})
 */
public record User(String name, String email, Set<Role> roles, boolean disabled, Instant createdAt,
                   Map<String, Role> namespaceRoles) {

    public User {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        namespaceRoles = namespaceRoles == null ? Map.of() : Map.copyOf(namespaceRoles);
    }

    public User(String name, String email, Set<Role> roles, boolean disabled, Instant createdAt) {
        this(name, email, roles, disabled, createdAt, Map.of());
    }

    public User withEmail(String newEmail) {
        return new User(name, newEmail, roles, disabled, createdAt, namespaceRoles);
    }

    public User withRoles(Set<Role> newRoles) {
        return new User(name, email, newRoles, disabled, createdAt, namespaceRoles);
    }

    public User withDisabled(boolean newDisabled) {
        return new User(name, email, roles, newDisabled, createdAt, namespaceRoles);
    }

    public User withNamespaceRoles(Map<String, Role> newNamespaceRoles) {
        return new User(name, email, roles, disabled, createdAt, newNamespaceRoles);
    }
}

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
                   Map<String, Role> namespaceRoles, Map<String, String> chatIds) {

    /** The chats whose ids a user may be known by ({@code chatIds}), as an approval card's callback names them. */
    public static final Set<String> CHATS = Set.of("feishu", "slack");

    public User {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        namespaceRoles = namespaceRoles == null ? Map.of() : Map.copyOf(namespaceRoles);
        chatIds = chatIds == null ? Map.of() : Map.copyOf(chatIds);
    }

    public User(String name, String email, Set<Role> roles, boolean disabled, Instant createdAt,
                Map<String, Role> namespaceRoles) {
        this(name, email, roles, disabled, createdAt, namespaceRoles, Map.of());
    }

    public User(String name, String email, Set<Role> roles, boolean disabled, Instant createdAt) {
        this(name, email, roles, disabled, createdAt, Map.of(), Map.of());
    }

    public User withEmail(String newEmail) {
        return new User(name, newEmail, roles, disabled, createdAt, namespaceRoles, chatIds);
    }

    public User withRoles(Set<Role> newRoles) {
        return new User(name, email, newRoles, disabled, createdAt, namespaceRoles, chatIds);
    }

    public User withDisabled(boolean newDisabled) {
        return new User(name, email, roles, newDisabled, createdAt, namespaceRoles, chatIds);
    }

    public User withNamespaceRoles(Map<String, Role> newNamespaceRoles) {
        return new User(name, email, roles, disabled, createdAt, newNamespaceRoles, chatIds);
    }

    /** Who the user is in chats ({@code {"feishu": "ou_...", "slack": "U..."}}), to decide approvals from a card. */
    public User withChatIds(Map<String, String> newChatIds) {
        return new User(name, email, roles, disabled, createdAt, namespaceRoles, newChatIds);
    }
}

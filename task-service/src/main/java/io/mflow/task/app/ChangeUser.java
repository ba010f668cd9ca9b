package io.mflow.task.app;

import io.mflow.task.domain.Role;
import io.mflow.task.domain.User;
import java.util.Map;
import java.util.Set;

/** Changes what is given and leaves the rest; a disabled user's tokens are refused from the next request on. */
public class ChangeUser {

    private final Users users;

    public ChangeUser(Users users) {
        this.users = users;
    }

    public User change(String name, String email, Set<Role> roles, Boolean disabled) {
        return change(name, email, roles, disabled, null);
    }

    public User change(String name, String email, Set<Role> roles, Boolean disabled,
                       Map<String, Role> namespaceRoles) {
        return change(name, email, roles, disabled, namespaceRoles, null);
    }

    /** @param namespaceRoles null: unchanged; empty: none left; {@code chatIds} likewise */
    public User change(String name, String email, Set<Role> roles, Boolean disabled,
                       Map<String, Role> namespaceRoles, Map<String, String> chatIds) {
        User user = users.byName(name).orElseThrow(() -> RequestRefused.notFound("no user named " + name));
        if (email != null) {
            UserFields.checkEmail(email);
            user = user.withEmail(email);
        }
        if (roles != null) {
            UserFields.checkRoles(roles);
            user = user.withRoles(roles);
        }
        if (namespaceRoles != null) {
            UserFields.checkNamespaceRoles(namespaceRoles);
            user = user.withNamespaceRoles(namespaceRoles);
        }
        if (chatIds != null) {
            chatIds.forEach((chat, id) -> {
                if (!User.CHATS.contains(chat) || id == null || id.isBlank() || id.length() > 128) {
                    throw RequestRefused.invalid("chatIds: '" + chat + "' must be one of " + User.CHATS.stream()
                            .sorted().toList() + ", with an id of at most 128 characters");
                }
            });
            user = user.withChatIds(chatIds);
        }
        if (disabled != null) {
            user = user.withDisabled(disabled);
        }
        users.replace(user);
        return user;
    }
}

package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.platform.security.Role;
import io.mflow.task.app.Access;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;

/** The caller's {@link Access}, from their global role and their namespace roles. */
final class Namespaces {

    private Namespaces() {
    }

    static Access accessOf(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (caller.is(Role.DEVELOPER)) {
            return Access.EVERYWHERE;
        }
        return new Access(false, caller.namespaceRoles().entrySet().stream()
                .filter(held -> held.getValue().includes(Role.DEVELOPER)).map(Map.Entry::getKey)
                .collect(Collectors.toSet()));
    }

    /**
     * The role names the runner-type rule sees: a DEVELOPER of the namespace it defines in counts as a DEVELOPER
     * there, and as nothing more.
     */
    static Set<String> rolesIn(Authentication authentication, String namespace) {
        Caller caller = Caller.of(authentication);
        Set<String> roles = caller.roles().stream().map(Role::name).collect(Collectors.toSet());
        if (caller.is(Role.DEVELOPER, namespace)) {
            roles.add(Role.DEVELOPER.name());
        }
        return roles;
    }
}

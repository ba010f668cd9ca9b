package io.mflow.task.app;

import io.mflow.task.domain.Limits;
import io.mflow.task.domain.Role;
import io.mflow.task.domain.User;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

public class CreateUser {

    private final Users users;
    private final Clock clock;

    public CreateUser(Users users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    public User create(String name, String email, Set<Role> roles) {
        return create(name, email, roles, Map.of());
    }

    /** @param namespaceRoles roles held in one namespace only: DEVELOPER there */
    public User create(String name, String email, Set<Role> roles, Map<String, Role> namespaceRoles) {
        RequestRefused.ifInvalid(Limits.checkName("name", name, Limits.USER_NAME));
        UserFields.checkEmail(email);
        UserFields.checkRoles(roles);
        UserFields.checkNamespaceRoles(namespaceRoles);
        User user = new User(name, email, roles, false, clock.instant(), namespaceRoles);
        if (!users.add(user)) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "a user named '" + name + "' exists already");
        }
        return user;
    }
}

package io.mflow.task.app;

import io.mflow.task.domain.JobReference;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.Role;
import java.util.Map;
import java.util.Set;

/** The checks creating and changing a user share. */
final class UserFields {

    private static final int EMAIL_LENGTH = 254;

    private UserFields() {
    }

    static void checkEmail(String email) {
        if (email == null) {
            return;
        }
        RequestRefused.ifInvalid(Limits.checkLength("email", email, EMAIL_LENGTH));
        int at = email.indexOf('@');
        if (at < 1 || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
            throw RequestRefused.invalid("email must be an address like vera@example.com, got '" + email + "'");
        }
    }

    /** A namespace role is DEVELOPER: reading is every VIEWER's anyway, and administering is global. */
    static void checkNamespaceRoles(Map<String, Role> namespaceRoles) {
        RequestRefused.ifInvalid(Limits.checkCount("namespaceRoles", namespaceRoles.size(), Limits.ENTRIES));
        namespaceRoles.forEach((namespace, role) -> {
            RequestRefused.ifInvalid(Limits.checkName("namespaceRoles", namespace, JobReference.PART));
            if (role != Role.DEVELOPER) {
                throw RequestRefused.invalid("namespaceRoles: the role of namespace '" + namespace
                        + "' must be DEVELOPER, not " + role);
            }
        });
    }

    static void checkRoles(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw RequestRefused.invalid("roles must name at least one of VIEWER, DEVELOPER, ADMIN, AGENT");
        }
    }
}

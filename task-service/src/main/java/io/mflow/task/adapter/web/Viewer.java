package io.mflow.task.adapter.web;

import io.mflow.platform.security.Caller;
import io.mflow.platform.security.Role;
import org.springframework.security.core.Authentication;

/**
 * The signed-in person as the pages need them: who they are, and which buttons they may see. A page shows a button
 * only where the path behind it ({@link DashboardSecurity}) would let them through.
 *
 * @param identity who the gates and the audit trail compare (an SSO user with their issuer)
 */
public record Viewer(String name, String identity, boolean developer, boolean admin) {

    static Viewer of(Authentication authentication) {
        Caller caller = Caller.of(authentication);
        return new Viewer(caller.name(), Caller.identityOf(authentication), caller.is(Role.DEVELOPER),
                caller.is(Role.ADMIN));
    }
}

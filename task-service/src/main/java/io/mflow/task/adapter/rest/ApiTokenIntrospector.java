package io.mflow.task.adapter.rest;

import io.mflow.platform.security.AgentBinding;
import io.mflow.platform.security.Caller;
import io.mflow.platform.security.Role;
import io.mflow.task.app.AuthenticateApiToken;
import io.mflow.task.domain.User;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/** task-service keeps the users, so it checks API tokens in its own store instead of asking itself over HTTP. */
@Component
class ApiTokenIntrospector implements OpaqueTokenIntrospector {

    private final AuthenticateApiToken authenticateApiToken;

    ApiTokenIntrospector(AuthenticateApiToken authenticateApiToken) {
        this.authenticateApiToken = authenticateApiToken;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        AuthenticateApiToken.Authenticated authenticated = authenticateApiToken.authenticateToken(token)
                .orElseThrow(() -> new BadOpaqueTokenException("the token is unknown, revoked or expired"));
        User user = authenticated.user();
        Set<Role> roles = user.roles().stream().map(role -> Role.valueOf(role.name()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        io.mflow.task.domain.AgentBinding bound = authenticated.token().agent();
        AgentBinding agent = bound == null ? null
                : new AgentBinding(bound.tags(), bound.maxConcurrency(), bound.untagged());
        Map<String, Role> namespaceRoles = new HashMap<>();
        user.namespaceRoles().forEach((namespace, role) -> namespaceRoles.put(namespace, Role.valueOf(role.name())));
        return new Caller(user.name(), user.email(), roles, agent, namespaceRoles).toPrincipal(null);
    }
}

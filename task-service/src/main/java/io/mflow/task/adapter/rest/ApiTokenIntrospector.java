package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.task.app.AuthenticateApiToken;
import io.mflow.task.domain.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
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
        User user = authenticateApiToken.authenticate(token)
                .orElseThrow(() -> new BadOpaqueTokenException("the token is unknown, revoked or expired"));
        List<GrantedAuthority> authorities = user.roles().stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("name", user.name());
        if (user.email() != null) {
            attributes.put(Caller.EMAIL, user.email());
        }
        return new DefaultOAuth2AuthenticatedPrincipal(user.name(), attributes, authorities);
    }
}

package io.mflow.platform.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Checks an API token with the service that keeps users (task-service) by asking it who the token belongs to:
 * the token authenticates its own question, so no service needs a credential of its own, and a revoked or
 * expired token is refused everywhere at once. Nothing is cached for the same reason. Only task-service's 401
 * means a bad token; any other failure means it could not be checked now, which the caller sees as a 503.
 */
final class RemoteTokenIntrospector implements OpaqueTokenIntrospector {

    private final RestClient http;

    RemoteTokenIntrospector(RestClient http) {
        this.http = http;
    }

    @Override
    @SuppressWarnings("unchecked")
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        Map<String, Object> me;
        try {
            me = http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .retrieve().body(Map.class);
        } catch (RestClientResponseException refused) {
            if (refused.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
                throw new BadOpaqueTokenException("the token is unknown, revoked or expired");
            }
            throw new OAuth2IntrospectionException("the token could not be checked now: " + refused.getStatusCode());
        } catch (RestClientException away) {
            // the JDK client's ConnectException has no message: name it, or the log says only "null"
            throw new OAuth2IntrospectionException("the token could not be checked now: " + away.getMessage() + " ("
                    + away.getMostSpecificCause().getClass().getSimpleName() + ")");
        }
        if (me == null || !(me.get("name") instanceof String name)) {
            throw new OAuth2IntrospectionException("the token service answered without a user name");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (me.get("roles") instanceof List<?> named) {
            named.forEach(role -> Role.parse(String.valueOf(role)).ifPresent(roles::add));
        }
        String email = me.get(Caller.EMAIL) instanceof String address ? address : null;
        return new Caller(name, email, roles, agentBinding(me.get("agent"))).toPrincipal(null);
    }

    /** The token's agent binding as task-service answered it; anything not of its shape binds nothing. */
    private static AgentBinding agentBinding(Object agent) {
        if (!(agent instanceof Map<?, ?> bound) || !(bound.get("tags") instanceof List<?> tags)
                || !(bound.get("maxConcurrency") instanceof Number max)
                || !(bound.get("untagged") instanceof Boolean untagged)) {
            return null;
        }
        return new AgentBinding(tags.stream().map(String::valueOf).toList(), max.intValue(), untagged);
    }
}

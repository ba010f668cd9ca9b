package io.mflow.platform.security;

import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What a service contributes to the platform's one filter chain: which role may call which of its paths. Health
 * and the actuator are the platform's; a path no rule names is refused to all but admins.
 */
public interface ServiceSecurity {

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);

    /**
     * Paths that check a credential of their own (a runner's update token) instead of a user's: the chain lets
     * them through without reading a bearer token, and the endpoint answers 401 itself when the credential is wrong.
     */
    default List<RequestMatcher> ownCredential() {
        return List.of();
    }
}

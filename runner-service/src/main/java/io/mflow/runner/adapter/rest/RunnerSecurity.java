package io.mflow.runner.adapter.rest;

import io.mflow.platform.security.Role;
import io.mflow.platform.security.ServiceSecurity;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Anyone who may read lists the agents; only agents (an agent token) take work and report it. */
@Component
class RunnerSecurity implements ServiceSecurity {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/api/v1/agents").hasRole(Role.VIEWER.name())
                .requestMatchers(HttpMethod.POST, "/api/v1/agents/*/**").hasRole(Role.AGENT.name());
    }
}

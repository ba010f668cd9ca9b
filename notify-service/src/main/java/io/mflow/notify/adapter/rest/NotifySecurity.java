package io.mflow.notify.adapter.rest;

import io.mflow.platform.security.Role;
import io.mflow.platform.security.ServiceSecurity;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** The delivery records are for anyone who may read; the endpoints, and enabling one, for admins. */
@Component
class NotifySecurity implements ServiceSecurity {

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/api/v1/deliveries").hasRole(Role.VIEWER.name())
                .requestMatchers("/api/v1/notify/endpoints", "/api/v1/notify/endpoints/**").hasRole(Role.ADMIN.name());
    }
}

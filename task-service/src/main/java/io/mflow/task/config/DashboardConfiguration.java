package io.mflow.task.config;

import io.mflow.platform.security.SecurityProperties;
import io.mflow.task.adapter.web.SsoSignIn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dashboard's "Sign in with SSO", with the issuer the API's bearer JWTs come from. */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    SsoSignIn ssoSignIn(TaskServiceProperties properties, SecurityProperties security) {
        TaskServiceProperties.Sso sso = properties.dashboard().sso();
        return SsoSignIn.of(security.oidc().issuerUri(), sso.clientId(), sso.clientSecret(), sso.scopes(),
                properties.services().timeout());
    }
}

package io.mflow.task.adapter.web;

import io.mflow.platform.security.Role;
import io.mflow.platform.security.TokenCheck;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The dashboard's own chain, before the API's: its pages answer a browser session, never a bearer token, and the API
 * answers a bearer token, never a session, so a page's cookie is no key to the API (and no cross-site form can reach
 * it). Every form carries a CSRF token; a session keeps only the token it signed in with, checked again on every
 * request ({@link SessionTokens}). Roles are the API's: a path here needs what the API's path for the same act
 * needs ({@code TaskServiceSecurity}), and the pages show no button a viewer cannot use.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

    /** "Sign in with SSO": the way to the issuer, and the way back with the code ({@link SsoSignIn}). */
    static final String SSO_START = "/oauth2/authorization/**";
    static final String SSO_RETURN = "/login/oauth2/code/**";

    /** Every address the dashboard answers; the API, the actuator and the OpenAPI document stay the API chain's. */
    static final String[] PATHS = {"/", "/login", "/logout", "/pipelines/**", "/runs/**", "/job-tasks/**",
            "/approvals", "/agents", "/admin/**", "/tokens", "/tokens/**", "/ui/**", "/webjars/**", "/favicon.ico",
            SSO_START, SSO_RETURN, DeniedPage.PATH};

    @Bean
    @Order(1)
    SecurityFilterChain dashboardSecurityFilterChain(HttpSecurity http, TokenCheck tokens, SsoSignIn sso)
            throws Exception {
        sso.configure(http, tokens);
        http.securityMatcher(dashboardPaths())
                .securityContext(context -> context.securityContextRepository(new SessionTokens(tokens)))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut")
                        .deleteCookies(SessionTokens.COOKIE))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                + "frame-ancestors 'none'; form-action 'self'")))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/login", "/ui/**", "/webjars/**", "/favicon.ico", SSO_START, SSO_RETURN,
                                DeniedPage.PATH).permitAll()
                        .requestMatchers("/admin/**").hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/pipelines/{id}/runs", "/runs/{id}/cancel",
                                "/job-tasks/{id}/retry", "/job-tasks/{id}/skip", "/job-tasks/{id}/cancel")
                        .hasRole(Role.DEVELOPER.name())
                        // as on the API, whoever the gate lists decides there, whatever their role
                        .requestMatchers(HttpMethod.POST, "/job-tasks/{id}/audit", "/job-tasks/{id}/confirm")
                        .hasRole(Role.VIEWER.name())
                        // everyone sees and revokes their own tokens
                        .requestMatchers("/tokens", "/tokens/**").authenticated()
                        .requestMatchers(HttpMethod.GET, "/**").hasRole(Role.VIEWER.name())
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"))
                        .accessDeniedPage(DeniedPage.PATH));
        return http.build();
    }

    /**
     * Every session, signed in by token or through SSO, ends after this long without a request. Tomcat checks it
     * when the session is next used, so an idle session asks to sign in again at once.
     */
    @Bean
    HttpSessionListener dashboardIdleTimeout(@Value("${mflow.dashboard.idle-timeout:30m}") Duration idleTimeout) {
        int seconds = (int) Math.max(1, idleTimeout.toSeconds());
        return new HttpSessionListener() {
            @Override
            public void sessionCreated(HttpSessionEvent created) {
                created.getSession().setMaxInactiveInterval(seconds);
            }
        };
    }

    private static RequestMatcher dashboardPaths() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher[] matchers = new RequestMatcher[PATHS.length];
        for (int i = 0; i < PATHS.length; i++) {
            matchers[i] = paths.matcher(PATHS[i]);
        }
        return new OrRequestMatcher(matchers);
    }
}

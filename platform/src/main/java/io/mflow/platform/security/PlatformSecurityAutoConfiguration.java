package io.mflow.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * The one filter chain of every service. Callers send {@code Authorization: Bearer <token>}: an API token (checked
 * by the service that keeps users) or, when SSO is configured, a JWT of the OIDC issuer ({@link BearerTokens}). No
 * or a bad token answers 401 with {@code WWW-Authenticate: Bearer}, too small a role 403, a token that cannot be
 * checked now 503 with {@code Retry-After}, all as problem documents ({@link SecurityProblems}). Health answers anyone
 * (its details only admins); the rest of the actuator is for admins, Prometheus for viewers; each service adds the
 * rules of its own paths through a {@link ServiceSecurity} bean, and what no rule names is for admins only.
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class PlatformSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy(Role.hierarchy());
    }

    /** Services that do not keep users ask the one that does; task-service replaces this with its own store. */
    @Bean
    @ConditionalOnMissingBean
    OpaqueTokenIntrospector remoteTokenIntrospector(SecurityProperties properties) {
        return new RemoteTokenIntrospector(RestClient.builder().requestFactory(withTimeouts())
                .baseUrl(properties.tokenService().toString()).build());
    }

    @Bean
    @ConditionalOnMissingBean
    TokenCheck mflowTokenCheck(OpaqueTokenIntrospector apiTokens, SecurityProperties properties) {
        return new TokenCheck(BearerTokens.of(apiTokens, properties.oidc(), new RestTemplate(withTimeouts())));
    }

    /**
     * The API's chain, matching every request a chain ordered before it left (task-service's dashboard has one of
     * its own for its pages), so it is named in the condition: another chain does not replace it.
     */
    @Bean
    @ConditionalOnMissingBean(name = "mflowSecurityFilterChain")
    SecurityFilterChain mflowSecurityFilterChain(HttpSecurity http, TokenCheck tokenCheck,
                                                 ObjectProvider<ServiceSecurity> services,
                                                 Environment environment) throws Exception {
        List<ServiceSecurity> rules = services.orderedStream().toList();
        List<RequestMatcher> ownCredential = new ArrayList<>();
        rules.forEach(service -> ownCredential.addAll(service.ownCredential()));
        AuthenticationManager tokens = tokenCheck.asManager();
        AuthenticationEntryPoint unauthenticated = SecurityProblems.unauthenticated();
        AccessDeniedHandler forbidden = SecurityProblems.forbidden();
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> {
                    if (!ownCredential.isEmpty()) {
                        authorize.requestMatchers(new OrRequestMatcher(ownCredential)).permitAll();
                    }
                    authorize.requestMatchers(EndpointRequest.to("health")).permitAll();
                    if (separateManagementPort(environment)) {
                        authorize.requestMatchers(EndpointRequest.to("prometheus")).permitAll();
                    } else {
                        authorize.requestMatchers(EndpointRequest.to("prometheus")).hasRole(Role.VIEWER.name());
                    }
                    authorize.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(Role.ADMIN.name());
                    authorize.requestMatchers("/error").permitAll();
                    rules.forEach(service -> service.authorize(authorize));
                    authorize.anyRequest().hasRole(Role.ADMIN.name());
                })
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(bearerTokenResolver(ownCredential))
                        .authenticationManagerResolver(request -> tokens)
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden)
                        // the configurer has no setter for what happens when a sent token is not accepted
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(
                                        SecurityProblems.tokenNotAccepted(unauthenticated));
                                return filter;
                            }
                        }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden));
        return http.build();
    }

    /** For task-service and the SSO issuer: a caller waits seconds at most, never forever, when one hangs. */
    private static JdkClientHttpRequestFactory withTimeouts() {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(5));
        return requests;
    }

    /** On a path with its own credential, the Authorization header is that credential, not a user's token. */
    private static BearerTokenResolver bearerTokenResolver(List<RequestMatcher> ownCredential) {
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        return (HttpServletRequest request) -> ownCredential.stream().anyMatch(m -> m.matches(request))
                ? null : header.resolve(request);
    }

    private static boolean separateManagementPort(Environment environment) {
        String management = environment.getProperty("management.server.port");
        return management != null && !management.equals(environment.getProperty("server.port", "8080"));
    }
}

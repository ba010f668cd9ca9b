package io.mflow.task.adapter.web;

import io.mflow.platform.security.TokenCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.client.RestClient;

/**
 * "Sign in with SSO": the OIDC authorization-code flow with the issuer that also signs the API's bearer JWTs. What
 * the session keeps is the issuer's access token, never the ID token: like a token typed into the sign-in form, it
 * is checked on every request exactly as a bearer JWT on the API is ({@link SessionTokens}, the platform's
 * {@code TokenCheck}: this issuer, mflow's audience, the roles claim), so the flow decides who signs in and the
 * access token what they may do, and the session ends when the access token does.
 */
public final class SsoSignIn {

    private static final Logger log = LoggerFactory.getLogger(SsoSignIn.class);
    private static final String FAILED = "/login?ssoFailed";

    private final IssuerRegistrations registrations;
    private final Duration timeout;

    private SsoSignIn(IssuerRegistrations registrations, Duration timeout) {
        this.registrations = registrations;
        this.timeout = timeout;
    }

    /** Offered when there is an issuer and a client id; otherwise the sign-in page offers tokens only. */
    public static SsoSignIn of(URI issuer, String clientId, String clientSecret, List<String> scopes,
                               Duration timeout) {
        if (issuer == null || clientId == null || clientId.isBlank()) {
            return new SsoSignIn(null, timeout);
        }
        return new SsoSignIn(new IssuerRegistrations(issuer, clientId.strip(), clientSecret, scopes, timeout),
                timeout);
    }

    boolean offered() {
        return registrations != null;
    }

    void configure(HttpSecurity http, TokenCheck tokens) throws Exception {
        if (!offered()) {
            return;
        }
        // in the session only until the sign-in ends: the session then holds the access token as SessionTokens does
        OAuth2AuthorizedClientRepository authorized = new HttpSessionOAuth2AuthorizedClientRepository();
        AuthenticationFailureHandler failed = failed();
        http.oauth2Login(login -> login
                .loginPage("/login")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(authorized)
                .tokenEndpoint(token -> token.accessTokenResponseClient(tokenClient()))
                .userInfoEndpoint(user -> user
                        .oidcUserService(request -> oidcUser(request, tokens))
                        .userService(request -> plainUser(request, tokens)))
                .successHandler((request, response, signedIn) -> keep(request, response, signedIn, authorized))
                .failureHandler(failed)
                // an issuer that is away when the sign-in starts: the sign-in page says so, not a 500
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failed);
                        return filter;
                    }
                }));
    }

    /** Who signed in is who the access token says, checked as the API checks it; the ID token only started it. */
    private static OidcUser oidcUser(OidcUserRequest request, TokenCheck tokens) {
        Authentication caller = check(request.getAccessToken().getTokenValue(), tokens);
        return new DefaultOidcUser(caller.getAuthorities(), request.getIdToken());
    }

    /** The same without {@code openid} among the scopes: there is no ID token then, only the access token. */
    private static OAuth2User plainUser(OAuth2UserRequest request, TokenCheck tokens) {
        Authentication caller = check(request.getAccessToken().getTokenValue(), tokens);
        return new DefaultOAuth2User(caller.getAuthorities(), Map.of("name", caller.getName()), "name");
    }

    private static Authentication check(String accessToken, TokenCheck tokens) {
        try {
            return tokens.authenticate(accessToken);
        } catch (AuthenticationException notAccepted) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_token",
                    "the issuer's access token is not one mflow accepts: " + notAccepted.getMessage(), null),
                    notAccepted);
        }
    }

    private static void keep(HttpServletRequest request, HttpServletResponse response, Authentication signedIn,
                             OAuth2AuthorizedClientRepository authorized) throws IOException {
        OAuth2AuthorizedClient client = authorized.loadAuthorizedClient(IssuerRegistrations.SSO, signedIn, request);
        authorized.removeAuthorizedClient(IssuerRegistrations.SSO, signedIn, request, response);
        if (client == null) {
            response.sendRedirect(request.getContextPath() + FAILED);
            return;
        }
        RequestCache asked = new HttpSessionRequestCache();
        String next = SignInController.localPathOf(asked.getRequest(request, response));
        asked.removeRequest(request, response);
        // the session's id changed as the sign-in succeeded (Spring Security's session fixation protection)
        SessionTokens.keep(request.getSession(true), client.getAccessToken().getTokenValue());
        response.sendRedirect(request.getContextPath() + next);
    }

    private static AuthenticationFailureHandler failed() {
        SimpleUrlAuthenticationFailureHandler page = new SimpleUrlAuthenticationFailureHandler(FAILED);
        return (request, response, failure) -> {
            log.warn("SSO sign-in failed: {}", failure.getMessage());
            page.onAuthenticationFailure(request, response, failure);
        };
    }

    /** Spring Security's own token client, with timeouts: an issuer that hangs does not hold a server thread. */
    private RestClientAuthorizationCodeTokenResponseClient tokenClient() {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(RestClient.builder().requestFactory(requests)
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        return client;
    }
}

package io.mflow.task.adapter.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The dashboard's one client registration at the SSO issuer, made from the issuer's discovery document when someone
 * first signs in with SSO, not at start: the service starts, and token sign-in works, while the issuer is away. A
 * document that could not be fetched is asked again at the next sign-in; one that was is kept.
 */
final class IssuerRegistrations implements ClientRegistrationRepository {

    static final String SSO = "sso";
    private static final Logger log = LoggerFactory.getLogger(IssuerRegistrations.class);

    private final URI issuer;
    private final String clientId;
    private final String clientSecret;
    private final List<String> scopes;
    private final RestClient http;
    private volatile ClientRegistration registration;

    IssuerRegistrations(URI issuer, String clientId, String clientSecret, List<String> scopes, Duration timeout) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scopes = List.copyOf(scopes);
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    /** Null (as for an unknown id) while the issuer cannot be asked; Spring Security then fails the sign-in. */
    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!SSO.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known == null) {
            try {
                known = discover();
                registration = known;
            } catch (RestClientException | IllegalArgumentException away) {
                log.warn("SSO sign-in: the issuer {} could not be asked for its configuration: {}", issuer,
                        away.getMessage());
                return null;
            }
        }
        return known;
    }

    private ClientRegistration discover() {
        String base = issuer.toString().endsWith("/") ? issuer.toString() : issuer + "/";
        Map<String, Object> document = http.get().uri(base + ".well-known/openid-configuration").retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() { });
        if (document == null || !issuer.toString().equals(document.get("issuer"))) {
            // OpenID Connect Discovery 1.0, section 4.3: a document naming another issuer is not this one's
            throw new IllegalArgumentException("the discovery document names issuer " + (document == null ? null
                    : document.get("issuer")) + ", not " + issuer);
        }
        boolean publicClient = clientSecret == null || clientSecret.isBlank();
        return ClientRegistration.withRegistrationId(SSO)
                .clientId(clientId)
                .clientSecret(publicClient ? null : clientSecret)
                .clientAuthenticationMethod(publicClient ? ClientAuthenticationMethod.NONE
                        : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(scopes)
                .authorizationUri(text(document, "authorization_endpoint"))
                .tokenUri(text(document, "token_endpoint"))
                .jwkSetUri(text(document, "jwks_uri"))
                .userInfoUri((String) document.get("userinfo_endpoint"))
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .issuerUri(issuer.toString())
                .providerConfigurationMetadata(document)
                .clientName("SSO")
                .build();
    }

    private static String text(Map<String, Object> document, String name) {
        if (!(document.get(name) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("the discovery document has no " + name);
        }
        return value;
    }
}

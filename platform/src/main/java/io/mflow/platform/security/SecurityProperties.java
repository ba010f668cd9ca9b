package io.mflow.platform.security;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mflow.security.*}.
 *
 * @param tokenService where API tokens are checked when this service does not keep users itself: the base URL of
 *                     task-service ({@code MFLOW_TASK_SERVICE_URL}), asked {@code GET /api/v1/me} with the caller's
 *                     token on every request, so a revoked token is refused at once everywhere
 * @param oidc         single sign-on: JWTs of this issuer are accepted too
 */
@ConfigurationProperties("mflow.security")
public record SecurityProperties(@DefaultValue("http://127.0.0.1:8080") URI tokenService, @DefaultValue Oidc oidc) {

    /**
     * Only access tokens of the issuer made for mflow are accepted: {@code aud} must name {@link #audience}, and an
     * ID token is refused ({@link BearerTokens#accessTokensFor}); what a caller may do comes from the roles claim.
     *
     * @param issuerUri  the OIDC issuer, exactly as its tokens name it in {@code iss}; its discovery document and
     *                   keys are fetched on first use, so a service starts while it is away; unset means no SSO
     * @param audience   what the issuer puts in {@code aud} of tokens for mflow (its client id or resource name);
     *                   required with an issuer, since without it a token the issuer made for any other
     *                   application would be accepted
     * @param nameClaim  the claim that names the user; without it, {@code sub}
     * @param rolesClaim the claim that lists the user's roles: exactly VIEWER, DEVELOPER or ADMIN (other values,
     *                   other letter case and surrounding spaces included, are ignored), as a list or one string
     *                   separated by spaces or commas
     * @param emailClaim the claim that holds the user's e-mail address
     */
    public record Oidc(URI issuerUri,
                       String audience,
                       @DefaultValue("preferred_username") String nameClaim,
                       @DefaultValue("roles") String rolesClaim,
                       @DefaultValue("email") String emailClaim) {

        public Oidc {
            if (issuerUri != null && (audience == null || audience.isBlank())) {
                throw new MissingAudienceException(issuerUri);
            }
        }
    }

    /** Why a service with an issuer and no audience did not start; {@link MissingAudienceFailureAnalyzer} says more. */
    static final class MissingAudienceException extends IllegalStateException {
        MissingAudienceException(URI issuerUri) {
            super("the SSO issuer " + issuerUri + " is set but no audience");
        }
    }
}

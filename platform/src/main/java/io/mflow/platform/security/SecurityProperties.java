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
     * Any unexpired token the issuer signed is accepted whatever its audience ({@code aud} is not checked): what a
     * caller may do comes from the roles claim alone.
     *
     * @param issuerUri  the OIDC issuer, exactly as its tokens name it in {@code iss}; its discovery document and
     *                   keys are fetched on first use, so a service starts while it is away; unset means no SSO
     * @param nameClaim  the claim that names the user; without it, {@code sub}
     * @param rolesClaim the claim that lists the user's roles (VIEWER, DEVELOPER, ADMIN, in any letter case; other
     *                   values are ignored), as a list or one string separated by spaces or commas
     * @param emailClaim the claim that holds the user's e-mail address
     */
    public record Oidc(URI issuerUri,
                       @DefaultValue("preferred_username") String nameClaim,
                       @DefaultValue("roles") String rolesClaim,
                       @DefaultValue("email") String emailClaim) {
    }
}

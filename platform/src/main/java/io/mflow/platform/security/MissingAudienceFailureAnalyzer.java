package io.mflow.platform.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an SSO issuer configured without an audience into a message that says which audience to set. */
public final class MissingAudienceFailureAnalyzer
        extends AbstractFailureAnalyzer<SecurityProperties.MissingAudienceException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, SecurityProperties.MissingAudienceException cause) {
        return new FailureAnalysis(
                "mflow will not start: " + cause.getMessage() + " (MFLOW_SECURITY_OIDC_AUDIENCE, property"
                        + " mflow.security.oidc.audience). Without it mflow would accept any token the issuer made"
                        + " for any other application.",
                "Set mflow.security.oidc.audience on every service to the audience the issuer puts in the 'aud'"
                        + " claim of access tokens for mflow (the client id or resource name mflow has there), or"
                        + " unset mflow.security.oidc.issuer-uri to turn single sign-on off.",
                cause);
    }
}

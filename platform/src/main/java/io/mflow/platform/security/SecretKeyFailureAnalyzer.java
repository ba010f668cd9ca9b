package io.mflow.platform.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or malformed secret key into a message that says how to make one. */
public final class SecretKeyFailureAnalyzer extends AbstractFailureAnalyzer<SecretKeyCheck.SecretKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, SecretKeyCheck.SecretKeyException cause) {
        return new FailureAnalysis(
                "mflow will not start: " + cause.getMessage() + " (MFLOW_SECRET_KEY, property "
                        + SecretKeyCheck.PROPERTY + "). mflow seals secrets (sensitive params, update tokens, webhook"
                        + " headers) with it and has no built-in key.",
                "Make a key with 'openssl rand -base64 32' and give the same value to every service as"
                        + " MFLOW_SECRET_KEY. Keep it secret, and keep it: what was sealed with it cannot be opened"
                        + " with another. The embedded launcher makes one for you in data/secret.key.",
                cause);
    }
}

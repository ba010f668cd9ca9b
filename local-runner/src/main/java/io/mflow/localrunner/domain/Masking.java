package io.mflow.localrunner.domain;

import java.util.Collection;

/** Every secret in a text replaced by {@code ******}: a job that prints its password must not publish it. */
public final class Masking {

    public static final String MASK = "******";

    private Masking() {
    }

    public static String masked(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }
}

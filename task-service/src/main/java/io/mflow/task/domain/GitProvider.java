package io.mflow.task.domain;

import java.util.Locale;

/** Who sends an event: GitLab, GitHub, or any system that signs a small documented body (Standard Webhooks). */
public enum GitProvider {
    GITLAB, GITHUB, GENERIC;

    /** How a run names the provider's user who caused it: {@code gitlab:jdoe}. */
    public String userName(String user) {
        return name().toLowerCase(Locale.ROOT) + ":" + (user == null || user.isBlank() ? "unknown" : user);
    }
}

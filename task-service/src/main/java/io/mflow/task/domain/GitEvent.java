package io.mflow.task.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What happened in a repository that may start a build: a branch pushed, a tag pushed, a merge request changed. */
public enum GitEvent {
    PUSH, TAG, MERGE_REQUEST;

    /** mflow's names, GitLab's {@code X-Gitlab-Event} names and GitHub's {@code X-GitHub-Event} names. */
    private static final Map<String, GitEvent> NAMES = Map.of(
            "PUSH", PUSH, "TAG", TAG, "MERGE_REQUEST", MERGE_REQUEST,
            "PUSH HOOK", PUSH, "TAG PUSH HOOK", TAG, "MERGE REQUEST HOOK", MERGE_REQUEST,
            "PULL_REQUEST", MERGE_REQUEST);

    /**
     * The event a name stands for; empty for any other (an issue, a comment, a ping): such an event is never taken
     * for a push, as the reference took it.
     */
    public static Optional<GitEvent> named(String name) {
        return name == null ? Optional.empty()
                : Optional.ofNullable(NAMES.get(name.trim().toUpperCase(Locale.ROOT)));
    }
}

package io.mflow.task.domain;

import java.util.List;

/**
 * When a build configuration starts a run: on one of {@code events} (none: every kind), for a ref that one of
 * {@code refs} matches (none: every ref). The ref is the branch of a push, the tag of a tag push, the target branch
 * of a merge request.
 */
public record BuildCondition(List<GitEvent> events, List<RefPattern> refs) {

    public static final BuildCondition ALWAYS = new BuildCondition(List.of(), List.of());

    public BuildCondition {
        events = events == null ? List.of() : List.copyOf(events);
        refs = refs == null ? List.of() : List.copyOf(refs);
    }

    public boolean matches(GitEvent event, String ref) {
        return event != null && (events.isEmpty() || events.contains(event))
                && (refs.isEmpty() || refs.stream().anyMatch(pattern -> pattern.matches(ref)));
    }
}

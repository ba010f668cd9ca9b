package io.mflow.runner.domain.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A remote agent as it last said it was, within what its token allows ({@link TokenBinding#narrow}): its tags, its
 * version, how many jobs it runs at once, and when it was last heard from. {@code user}: whose agent token it came
 * with; {@code untagged}: whether its token lets it take jobs that ask for no tags.
 */
public record Agent(String name, List<String> tags, String version, int concurrency, Instant lastHeartbeat,
                    String user, boolean untagged) {

    public Agent {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * Whether it may run a job that asks for these tags: it carries every one of them; a job that asks for none only
     * when its token allows untagged work, so an agent bound to {@code linux} is not handed whatever is untagged.
     */
    public boolean carries(List<String> required) {
        return required.isEmpty() ? untagged : Set.copyOf(tags).containsAll(required);
    }

    /** Whether it sent nothing for longer than {@code timeout}: its running jobs are then lost. */
    public boolean isSilentAt(Instant now, Duration timeout) {
        return lastHeartbeat.plus(timeout).isBefore(now);
    }
}

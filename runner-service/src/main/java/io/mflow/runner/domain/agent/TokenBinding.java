package io.mflow.runner.domain.agent;

import java.util.List;

/**
 * What an agent's token allows it to claim, as an admin bound it (task-service keeps it with the token): the tags it
 * may carry, the most attempts it may hold at once, and whether it may take jobs that ask for no tags. An agent may
 * claim less, never more.
 */
public record TokenBinding(List<String> tags, int maxConcurrency, boolean untagged) {

    /**
     * A token an admin bound to nothing: its agent carries no tags and takes no untagged job, so it takes nothing. An
     * agent user's own token, issued without an admin, is such a token.
     */
    public static final TokenBinding NOTHING = new TokenBinding(List.of(), 1, false);

    public TokenBinding {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * The agent as it may be, given what it claims: the tags it claims that its token allows, the least of the
     * concurrencies (and of runner-service's {@code cap}), and untagged work only when the token allows it.
     */
    public Agent narrow(Agent claimed, int cap) {
        List<String> allowed = claimed.tags().stream().filter(tags::contains).distinct().toList();
        int concurrency = Math.min(cap, Math.min(maxConcurrency, claimed.concurrency()));
        return new Agent(claimed.name(), allowed, claimed.version(), concurrency, claimed.lastHeartbeat(),
                claimed.user(), untagged);
    }
}

package io.mflow.platform.security;

import java.util.List;

/**
 * What an agent token may claim, as an admin bound it when issuing the token: the tags it may carry, the most
 * attempts it may hold at once, and whether it may take jobs that ask for no tags. An agent may claim less, never
 * more. A token without a binding may claim nothing.
 */
public record AgentBinding(List<String> tags, int maxConcurrency, boolean untagged) {

    public AgentBinding {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}

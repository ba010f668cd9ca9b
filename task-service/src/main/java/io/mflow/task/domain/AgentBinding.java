package io.mflow.task.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What an agent token may claim, bound by an admin when the token is issued: the tags its agent may carry, the most
 * attempts it may hold at once, and whether it may take jobs that ask for no tags. The agent may claim less, never
 * more; runner-service takes the intersection of the tags and the least of the concurrencies.
 */
public record AgentBinding(List<String> tags, int maxConcurrency, boolean untagged) {

    /** A job's agent tag, as {@code POST /api/v1/jobs} accepts it. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    /** As many as a job may ask for. */
    public static final int MAX_TAGS = 20;

    public AgentBinding {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * Why a binding is not acceptable, or null when it is.
     *
     * @param tags as sent, which may hold nulls
     * @param maxConcurrency as sent, null when missing
     * @param cap the most attempts runner-service lets any agent hold ({@code mflow.runner.agents.max-concurrency})
     */
    public static String check(List<String> tags, Integer maxConcurrency, int cap) {
        if (tags == null) {
            return "agent.tags is required (an empty list: no tagged jobs)";
        }
        String tooMany = Limits.checkCount("agent.tags", tags.size(), MAX_TAGS);
        if (tooMany != null) {
            return tooMany;
        }
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i) == null || !TAG.matcher(tags.get(i)).matches()) {
                return "agent.tags[" + i + "] must be 1 to 63 letters, digits, '_', '.' or '-'";
            }
        }
        if (maxConcurrency == null || maxConcurrency < 1 || maxConcurrency > cap) {
            return "agent.maxConcurrency must be between 1 and " + cap + " (mflow.runner.agents.max-concurrency), got "
                    + maxConcurrency;
        }
        return null;
    }
}

package io.mflow.notify.domain;

import java.util.List;
import java.util.Map;

/**
 * A webhook a job task subscribed to, as the plan gave it. Header values stay sealed here; only the channel that
 * sends opens them. It is never rewritten after a send (the reference overwrote it with the matched subset).
 *
 * @param events stage names that trigger it, case-insensitive; empty means every change
 */
public record Subscription(String url, List<String> events, Map<String, String> sealedHeaders) {

    public Subscription {
        events = List.copyOf(events);
        sealedHeaders = Map.copyOf(sealedHeaders);
    }

    public boolean matches(String stage) {
        return events.isEmpty() || events.stream().anyMatch(event -> event.trim().equalsIgnoreCase(stage));
    }

    /** The url without its query string, which chat robots use for their access token: safe to log and list. */
    public String target() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}

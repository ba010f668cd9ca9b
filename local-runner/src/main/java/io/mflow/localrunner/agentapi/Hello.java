package io.mflow.localrunner.agentapi;

import java.util.List;

/**
 * What an agent says of itself with every request for work and every heartbeat: the tags it carries, its version,
 * how many jobs it runs at once, and the attempts it runs now.
 */
public record Hello(List<String> tags, String version, Integer concurrency, List<String> running) {
}

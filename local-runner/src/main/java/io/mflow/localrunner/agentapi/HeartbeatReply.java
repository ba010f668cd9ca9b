package io.mflow.localrunner.agentapi;

import java.util.List;

/**
 * runner-service's answer to a heartbeat: of the attempts the agent said it runs, those it must stop (canceled, or
 * ended lost while the agent was away) and whose end runner-service no longer waits for.
 */
public record HeartbeatReply(List<String> stop) {
}

package io.mflow.localrunner.agentapi;

/** The attempt's process runs on the agent. */
public record Started(String attemptId) {
}

package io.mflow.localrunner.agentapi;

import java.util.Map;

/**
 * The end of an attempt on an agent: its process's exit code and outputs; or {@code error}, why it failed however it
 * exited (it could not start, or its outputs passed a limit); or neither: its process vanished.
 */
public record Finished(String attemptId, Integer exitCode, Map<String, String> outputs, String error) {
}

package io.mflow.task.app;

/**
 * The remote agents, as runner-service (which dispatches to them and owns their state) lists them. Read through on
 * the caller's behalf, so users find them on the same API as everything else.
 */
public interface AgentDirectory {

    /** runner-service's answer: its status and JSON body. */
    record Listing(int status, String json) {
    }

    /** @param authorization the caller's own {@code Authorization} header, so runner-service decides who may read */
    Listing list(String authorization);
}

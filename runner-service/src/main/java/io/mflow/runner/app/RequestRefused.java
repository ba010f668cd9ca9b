package io.mflow.runner.app;

/**
 * An agent's request that the state of its attempt (one that ended lost while the agent was away) or another user's
 * claim on the agent's name refuses; the REST adapter answers 409 with the reason, and the agent does not send it
 * again.
 */
public class RequestRefused extends RuntimeException {

    public RequestRefused(String reason) {
        super(reason);
    }
}

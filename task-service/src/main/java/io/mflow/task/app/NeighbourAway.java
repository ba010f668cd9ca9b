package io.mflow.task.app;

/**
 * Another service of the engine did not answer, or failed: a 503, so the caller tries again later. The message
 * names the service and never the token.
 */
public class NeighbourAway extends RuntimeException {

    public NeighbourAway(String detail) {
        super(detail);
    }
}

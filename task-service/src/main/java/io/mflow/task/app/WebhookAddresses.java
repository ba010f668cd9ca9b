package io.mflow.task.app;

/** Which urls notify-service may call on a user's behalf, as the operator allows. */
@FunctionalInterface
public interface WebhookAddresses {

    /** Why {@code url} may not be called, or null when it may. */
    String refusal(String url);
}

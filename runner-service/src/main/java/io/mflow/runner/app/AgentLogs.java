package io.mflow.runner.app;

/**
 * The output agents send of their attempts, kept by runner-service until the log shipper has published it. Writes
 * are by offset, so an agent that sends a part again changes nothing.
 */
public interface AgentLogs {

    void write(String attemptId, long offset, byte[] bytes);

    /** Up to {@code max} bytes from {@code offset} on; empty when there are none (yet). */
    byte[] read(String attemptId, long offset, int max);

    /** The last {@code maxBytes} of it as text, for the message of a failure (as the LOCAL runner takes it). */
    String tail(String attemptId, int maxBytes);

    /** Forgets it: it is raw, unmasked output, kept only until its masked copy is published and its end recorded. */
    void delete(String attemptId);
}

package io.mflow.runner.adapter.kafka;

/** A record that can never be processed, however often it is retried: it goes to the dead-letter topic at once. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

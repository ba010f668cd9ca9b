package io.mflow.pipeline.adapter.kafka;

/** A record that decodes but can never be processed; it goes to the dead-letter topic without retries. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }
}

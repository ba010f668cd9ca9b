package io.mflow.notify.adapter.kafka;

/** A record that decoded but can never be processed; it goes to the dead-letter topic without retries. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }
}

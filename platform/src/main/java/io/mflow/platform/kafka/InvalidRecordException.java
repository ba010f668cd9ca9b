package io.mflow.platform.kafka;

/**
 * A record that no retry can make valid (an unknown task, a wrong token, an impossible transition): the error
 * handler sends it to its dead-letter topic at once, with this message as the reason.
 */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String reason) {
        super(reason);
    }

    public InvalidRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

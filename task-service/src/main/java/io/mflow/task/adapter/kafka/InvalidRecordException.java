package io.mflow.task.adapter.kafka;

/** A record that no retry can make valid (unknown task, wrong token, impossible transition): straight to the DLT. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String reason) {
        super(reason);
    }
}

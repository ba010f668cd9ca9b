package io.mflow.platform.aggregate;

/**
 * A change would announce a record larger than the broker takes; nothing was written. A request that can be too large
 * is checked first ({@link AggregateChanges#tooLarge}) and refused as the caller's mistake.
 */
public class RecordTooLargeException extends RuntimeException {

    public RecordTooLargeException(String message) {
        super(message);
    }
}

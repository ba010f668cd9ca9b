package io.mflow.platform.aggregate;

/**
 * Others kept writing an aggregate between our read and our write, more often than the policy allows. Nothing was
 * written. From Kafka the record is tried again by the error handler; from REST it is a 409 to try again.
 */
public class ConcurrentChangeException extends RuntimeException {

    public ConcurrentChangeException(String owner, int attempts) {
        super(owner + " kept changing: " + attempts + " writes in a row lost to another writer; try again");
    }
}

package io.mflow.task.app;

/** Tells the relay that an outbox got new entries, so it need not wait for its sweep. */
public interface Outbox {

    void wake();
}

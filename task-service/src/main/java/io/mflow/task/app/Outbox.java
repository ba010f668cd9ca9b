package io.mflow.task.app;

/** Tells the relay that a document's outbox got new entries, so they go out now rather than at the next sweep. */
public interface Outbox {

    void wake(Owner owner);

    /** The document whose outbox changed. */
    record Owner(Kind kind, String id) {

        public static Owner pipelineTask(String id) {
            return new Owner(Kind.PIPELINE_TASK, id);
        }

        public static Owner jobTask(String id) {
            return new Owner(Kind.JOB_TASK, id);
        }
    }

    enum Kind { PIPELINE_TASK, JOB_TASK }
}

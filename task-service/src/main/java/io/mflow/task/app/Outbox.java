package io.mflow.task.app;

/** Tells the relay that a document's outbox got new entries, so they go out now rather than at the next sweep. */
public interface Outbox {

    void wake(Owner owner);

    /** The document whose outbox changed. */
    record Owner(Kind kind, String id) {

        /** As the relay names it: {@code JOB_TASK/jt-1}. */
        public String key() {
            return kind.name() + "/" + id;
        }

        public static Owner ofKey(String key) {
            int slash = key.indexOf('/');
            return new Owner(Kind.valueOf(key.substring(0, slash)), key.substring(slash + 1));
        }

        public static Owner pipelineTask(String id) {
            return new Owner(Kind.PIPELINE_TASK, id);
        }

        public static Owner jobTask(String id) {
            return new Owner(Kind.JOB_TASK, id);
        }
    }

    enum Kind { PIPELINE_TASK, JOB_TASK }
}

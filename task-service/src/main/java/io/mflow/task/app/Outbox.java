package io.mflow.task.app;

import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;

/** Hands the relay what a write just stored in a document's outbox, so it goes out now rather than at the next sweep. */
public interface Outbox {

    /** The version before a write that created its document. */
    long CREATED = -1;

    /**
     * @param versionBefore the version the write replaced, or {@link #CREATED}
     * @param versionAfter  the version it stored
     */
    void stored(Owner owner, long versionBefore, long versionAfter, List<OutboxEntry> entries);

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

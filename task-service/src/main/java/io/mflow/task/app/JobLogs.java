package io.mflow.task.app;

import io.mflow.task.domain.JobLog;

/** The output of each attempt of each job task, as readers see it (written by {@link KeepJobLog}). */
public interface JobLogs {

    JobLog of(String jobTaskId, int attempt);

    /** The same, holding only the chunks from line {@code fromLine} on: what a follower has not seen yet. */
    JobLog of(String jobTaskId, int attempt, long fromLine);
}

package io.mflow.task.app;

import io.mflow.task.domain.JobLog;

/** The output of each attempt of each job task. */
public interface JobLogs {

    /**
     * Keeps the lines of a chunk it does not hold yet (a line published again changes nothing); {@code last}: the
     * output ended.
     */
    void append(String jobTaskId, int attempt, long firstLine, String text, boolean last);

    JobLog of(String jobTaskId, int attempt);

    /** The same, holding only the chunks from line {@code fromLine} on: what a follower has not seen yet. */
    JobLog of(String jobTaskId, int attempt, long fromLine);
}

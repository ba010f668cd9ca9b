package io.mflow.task.app;

import io.mflow.task.domain.JobLog;
import io.mflow.task.domain.JobLogHead;
import java.io.IOException;
import java.util.Optional;

/**
 * The output of each attempt of each job task, as readers see it (written by {@link KeepJobLog}): its head, and its
 * chunks handed over one at a time, so that serving a log of 16 MiB holds one chunk in memory, not the log.
 */
public interface JobLogs {

    /** The attempt's head, or none while its runner published nothing. */
    Optional<JobLogHead> headOf(String jobTaskId, int attempt);

    /**
     * Hands {@code reader} the chunks from line {@code fromLine} up to what {@code head} counts, in order, one at a
     * time: a chunk stored by a write that has not counted it yet is not there yet. A reader that throws stops it.
     */
    void read(JobLogHead head, long fromLine, ChunkReader reader) throws IOException;

    @FunctionalInterface
    interface ChunkReader {
        void next(JobLog.Chunk chunk) throws IOException;
    }
}

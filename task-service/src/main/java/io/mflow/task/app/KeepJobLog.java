package io.mflow.task.app;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Stored;
import io.mflow.schemas.LogLines;
import io.mflow.task.domain.JobLogHead;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the lines of a published log chunk that the log does not hold yet (a line published again changes nothing):
 * the chunk first, then the head counts it, through the seam. A chunk that an earlier delivery stored cut differently
 * is counted as it was stored, and the lines of this one past it are kept as the next chunk.
 */
public final class KeepJobLog {

    private final AggregateChanges<JobLogHead, Void> heads;
    private final JobLogChunks chunks;

    public KeepJobLog(AggregateChanges<JobLogHead, Void> heads, JobLogChunks chunks) {
        this.heads = heads;
        this.chunks = chunks;
    }

    /** @param last the output ended */
    public void append(String jobTaskId, int attempt, long firstLine, String text, boolean last) {
        String id = JobLogHead.idOf(jobTaskId, attempt);
        keep(id, firstLine, text);
        if (last) {
            // A job that wrote nothing leaves no head at all: most jobs of a busy engine are quiet ones.
            heads.change(id, JobLogHead::end);
        }
    }

    private void keep(String id, long firstLine, String text) {
        JobLogHead head = heads.read(id).map(Stored::aggregate).orElse(JobLogHead.empty(id));
        String fresh = LogLines.after(text, head.lines() - firstLine);
        if (fresh.isEmpty() || head.truncated()) {
            return;
        }
        if (head.wouldExceed(bytesOf(fresh))) {
            heads.changeOrCreate(id, stored -> stored.orElse(JobLogHead.empty(id)).cut());
            return;
        }
        long from = Math.max(head.lines(), firstLine);
        String stored = chunks.store(id, from, fresh);
        heads.changeOrCreate(id, found -> found.orElse(JobLogHead.empty(id))
                .count(from, LogLines.count(stored), bytesOf(stored)));
        if (!stored.equals(fresh)) {
            keep(id, firstLine, text); // the head now stands past what was stored: what is left of this chunk follows
        }
    }

    private static long bytesOf(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

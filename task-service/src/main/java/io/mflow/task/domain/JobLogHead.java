package io.mflow.task.domain;

import io.mflow.platform.change.Change;

/**
 * The head of one attempt's log ({@code <job task id>#<attempt>}): how many lines and bytes of it are kept, whether it
 * was cut at {@link JobLog#KEPT_BYTES}, and whether its runner said it ended. Its text lives in chunks, each stored
 * before the head counts it, so a reader that goes by the head never sees a chunk half there.
 */
public record JobLogHead(String id, long lines, long bytes, boolean truncated, boolean ended) {

    public static JobLogHead empty(String id) {
        return new JobLogHead(id, 0, 0, false, false);
    }

    public static String idOf(String jobTaskId, int attempt) {
        return jobTaskId + "#" + attempt;
    }

    /** Whether {@code moreBytes} would take the log past what is kept. */
    public boolean wouldExceed(long moreBytes) {
        return bytes + moreBytes > JobLog.KEPT_BYTES;
    }

    /**
     * Counts a chunk of {@code chunkLines} lines stored from line {@code from}. Nothing changes when the log was cut,
     * or when the head already stands past {@code from}: another delivery of these lines counted them first.
     */
    public Change<JobLogHead, Void> count(long from, long chunkLines, long chunkBytes) {
        if (truncated || lines > from || chunkLines == 0) {
            return Change.unchanged();
        }
        return Change.moved(new JobLogHead(id, from + chunkLines, bytes + chunkBytes, false, ended));
    }

    /** It grew past what is kept: the rest is dropped, and readers are told it was cut. */
    public Change<JobLogHead, Void> cut() {
        return truncated ? Change.unchanged() : Change.moved(new JobLogHead(id, lines, bytes, true, ended));
    }

    /** Its runner published the end of it. */
    public Change<JobLogHead, Void> end() {
        return ended ? Change.unchanged() : Change.moved(new JobLogHead(id, lines, bytes, truncated, true));
    }
}

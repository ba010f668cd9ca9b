package io.mflow.task.domain;

import java.util.Comparator;
import java.util.List;

/**
 * The output of one attempt of a job task, as its runner published it: chunks of whole lines (sensitive values
 * already masked by the runner), each with the number of its first line. {@code ended}: the runner published the end
 * of it; {@code truncated}: it grew past what is kept, and the rest was dropped.
 */
public record JobLog(String jobTaskId, int attempt, List<Chunk> chunks, boolean ended, boolean truncated) {

    /** Nothing was published yet: the job wrote nothing (so far). */
    public boolean isEmpty() {
        return chunks.isEmpty() && !ended && !truncated;
    }

    /** Most of an attempt's output that is kept (16 MiB); beyond it the log says it was cut. */
    public static final long KEPT_BYTES = 16L * 1024 * 1024;

    /** The last line of a log that grew past what is kept. */
    public static final String CUT_NOTICE = "[mflow: the output was cut here: a log keeps at most 16 MiB per attempt]";

    public record Chunk(long firstLine, String text) {
    }

    public JobLog {
        chunks = chunks.stream().sorted(Comparator.comparingLong(Chunk::firstLine)).toList();
    }

    public static JobLog empty(String jobTaskId, int attempt) {
        return new JobLog(jobTaskId, attempt, List.of(), false, false);
    }

    /** The chunks from line {@code line} on, in order: what a follower has not seen yet. */
    public List<Chunk> from(long line) {
        return chunks.stream().filter(c -> c.firstLine() >= line).toList();
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.text()));
        if (truncated) {
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
            text.append(CUT_NOTICE).append('\n');
        }
        return text.toString();
    }
}

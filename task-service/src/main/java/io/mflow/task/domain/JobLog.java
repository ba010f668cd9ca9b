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

    /** Most of an attempt's output that is kept; beyond it the log says it was cut. */
    public static final long KEPT_BYTES = 8L * 1024 * 1024;

    public record Chunk(long firstLine, String text) {
    }

    public JobLog {
        chunks = chunks.stream().sorted(Comparator.comparingLong(Chunk::firstLine)).toList();
    }

    public static JobLog empty(String jobTaskId, int attempt) {
        return new JobLog(jobTaskId, attempt, List.of(), false, false);
    }

    /** Lines in a text: each newline ends one, and a last line without one counts too. */
    public static long linesIn(String text) {
        long lines = text.chars().filter(c -> c == '\n').count();
        return text.isEmpty() || text.endsWith("\n") ? lines : lines + 1;
    }

    /**
     * What of a chunk published from line {@code firstLine} is new to a log that holds {@code kept} lines: the lines
     * from {@code kept} on, or nothing when it holds them all (a copy from a runner that published them again).
     */
    public static String newPart(long kept, long firstLine, String text) {
        long known = kept - firstLine;
        if (known <= 0) {
            return text;
        }
        int at = 0;
        for (long line = 0; line < known && at < text.length(); line++) {
            int end = text.indexOf('\n', at);
            at = end < 0 ? text.length() : end + 1;
        }
        return text.substring(at);
    }

    /** The chunks from line {@code line} on, in order: what a follower has not seen yet. */
    public List<Chunk> from(long line) {
        return chunks.stream().filter(c -> c.firstLine() >= line).toList();
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.text()));
        if (truncated) {
            text.append("\n[mflow: the output was cut after ").append(KEPT_BYTES / (1024 * 1024)).append(" MB]\n");
        }
        return text.toString();
    }
}

package io.mflow.task.domain;

/**
 * The output of one attempt of a job task, as its runner published it: chunks of whole lines (sensitive values
 * already masked by the runner), each with the number of its first line, counted by the log's {@link JobLogHead}.
 * A log may hold 16 MiB, so it is read and served one chunk at a time, never held whole.
 */
public final class JobLog {

    /** Most of an attempt's output that is kept (16 MiB); beyond it the log says it was cut. */
    public static final long KEPT_BYTES = 16L * 1024 * 1024;

    /** The last line of a log that grew past what is kept. */
    public static final String CUT_NOTICE = "[mflow: the output was cut here: a log keeps at most 16 MiB per attempt]";

    private JobLog() {
    }

    /** Lines {@code firstLine} on, whole lines (the last may lack its newline when the output ended so). */
    public record Chunk(long firstLine, String text) {
    }

    /**
     * What ends the text of a log that was cut, after its last chunk: the notice, as a line of its own.
     *
     * @param lastText the text of the log's last chunk, or null when it has none
     */
    public static String cutNoticeAfter(String lastText) {
        boolean lineOpen = lastText != null && !lastText.isEmpty() && !lastText.endsWith("\n");
        return (lineOpen ? "\n" : "") + CUT_NOTICE + "\n";
    }
}

package io.mflow.schemas;

/**
 * How the lines of a job's output are numbered in {@code JobLogChunk.firstLine}: each newline ends a line, and a
 * last line without one counts too. Runners number by it and readers drop what they hold by it, so both sides
 * must count the same way.
 */
public final class LogLines {

    private LogLines() {
    }

    public static long count(String text) {
        long lines = text.chars().filter(c -> c == '\n').count();
        return text.isEmpty() || text.endsWith("\n") ? lines : lines + 1;
    }

    /** The text after its first {@code lines} lines: all of it for 0 or less, nothing when it has no more. */
    public static String after(String text, long lines) {
        int at = 0;
        for (long line = 0; line < lines && at < text.length(); line++) {
            int end = text.indexOf('\n', at);
            at = end < 0 ? text.length() : end + 1;
        }
        return text.substring(at);
    }
}

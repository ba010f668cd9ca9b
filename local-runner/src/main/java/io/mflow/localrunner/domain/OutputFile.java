package io.mflow.localrunner.domain;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code KEY=VALUE} lines a job writes to {@code $MFLOW_OUTPUT}; they become the outputs of its report. */
public final class OutputFile {

    /**
     * Most outputs a job may pass on: they travel in every later job's params and in events. Peers: Tekton results
     * 4 KiB, GitLab dotenv 20 variables, GitHub 1 MiB.
     */
    public static final int MAX_KEYS = 100;
    public static final int MAX_BYTES = 64 * 1024;
    /** A file larger than this is not even read: its outputs would pass {@link #MAX_BYTES} anyway. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    private OutputFile() {
    }

    /** Why a job's outputs cannot be passed on, when they pass a limit; their size counts keys and values in UTF-8. */
    public static Optional<String> overLimit(Map<String, String> outputs) {
        if (outputs.size() > MAX_KEYS) {
            return Optional.of("the job wrote " + outputs.size() + " outputs; at most " + MAX_KEYS + " are passed on");
        }
        long bytes = outputs.entrySet().stream()
                .mapToLong(e -> utf8(e.getKey()) + utf8(e.getValue()))
                .sum();
        return bytes > MAX_BYTES ? Optional.of(tooLarge(bytes)) : Optional.empty();
    }

    /** The message for outputs of {@code bytes} bytes, past {@link #MAX_BYTES}. */
    public static String tooLarge(long bytes) {
        return "the job's outputs take " + bytes + " bytes; at most " + MAX_BYTES / 1024 + " KiB are passed on";
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Blank lines and lines without {@code =} are ignored; a later line wins over an earlier one with the same key. */
    public static Map<String, String> parse(String content) {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (content == null) {
            return outputs;
        }
        for (String line : content.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).trim();
            if (!key.isEmpty()) {
                outputs.put(key, line.substring(eq + 1));
            }
        }
        return outputs;
    }
}

package io.mflow.runner.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code KEY=VALUE} lines a job writes to {@code $MFLOW_OUTPUT}; they become the outputs of its report. */
public final class OutputFile {

    private OutputFile() {
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

package io.mflow.task.adapter.rest;

import io.mflow.task.app.RequestRefused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code ?label=key=value} filter of the lists: repeatable, and a listed item carries every one. */
final class LabelFilter {

    private LabelFilter() {
    }

    /** {@code label=team=core}, once per label; a key is a field path in the store, so '.' and a leading '$' are out. */
    static Map<String, String> parse(List<String> given) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : given == null ? List.<String>of() : given) {
            int eq = label.indexOf('=');
            if (eq <= 0 || label.substring(0, eq).contains(".") || label.startsWith("$")) {
                throw RequestRefused.invalid("label must be key=value (a key without '.' or a leading '$'), not '"
                        + label + "'");
            }
            labels.put(label.substring(0, eq), label.substring(eq + 1));
        }
        return labels;
    }
}

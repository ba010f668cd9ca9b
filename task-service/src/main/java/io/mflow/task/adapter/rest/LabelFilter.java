package io.mflow.task.adapter.rest;

import io.mflow.task.app.RequestRefused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code ?label=key=value} filter of the lists: repeatable, and a listed item carries every one. */
final class LabelFilter {

    private LabelFilter() {
    }

    /**
     * {@code label=team=core}, once per label; a leading '$' is out of a key (the store would read an operator). A
     * '.' is in ({@code mflow.io/schedule}): the store keeps it as the converter's stand-in, not as a path.
     */
    static Map<String, String> parse(List<String> given) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : given == null ? List.<String>of() : given) {
            int eq = label.indexOf('=');
            if (eq <= 0 || label.startsWith("$")) {
                throw RequestRefused.invalid("label must be key=value (a key without a leading '$'), not '"
                        + label + "'");
            }
            labels.put(label.substring(0, eq), label.substring(eq + 1));
        }
        return labels;
    }
}

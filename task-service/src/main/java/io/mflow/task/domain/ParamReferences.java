package io.mflow.task.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} in a run param's value stands for the value of run param NAME of the same run (the reference's
 * fixtures write {@code value: ${GIT_BRANCH}}). A run's params are its pipeline's own under those of its request; a
 * later one of the same name wins, whatever its scope. A reference to a name the run does not give, a cycle
 * ({@code A=${B}}, {@code B=${A}}), or one to a sensitive param (its value would come out in the clear) refuses
 * the run.
 */
public final class ParamReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private ParamReferences() {
    }

    /** The values with their references replaced, or the problem that refuses the run. */
    public record Resolution(List<ParamValue> values, String problem) {
    }

    public static Resolution resolve(List<ParamValue> values, Set<String> sensitiveNames) {
        Map<String, String> given = new HashMap<>();
        for (ParamValue value : values) {
            if (value.value() != null) {
                given.put(value.name(), value.value());
            }
        }
        Map<String, String> resolved = new HashMap<>();
        List<ParamValue> out = new ArrayList<>();
        try {
            for (ParamValue value : values) {
                out.add(value.value() == null ? value
                        : value.withValue(expand(value.name(), value.value(), given, sensitiveNames, resolved,
                                new LinkedHashSet<>(List.of(value.name())))));
            }
        } catch (Refused refused) {
            return new Resolution(List.of(), refused.getMessage());
        }
        return new Resolution(out, null);
    }

    private static String expand(String owner, String text, Map<String, String> given, Set<String> sensitive,
                                 Map<String, String> resolved, Set<String> path) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (sensitive.contains(name)) {
                throw new Refused("run param '" + owner + "' refers to ${" + name + "}, which is sensitive: give its"
                        + " value itself");
            }
            if (!given.containsKey(name)) {
                throw new Refused("run param '" + owner + "' refers to ${" + name + "}, which no run param of this"
                        + " run gives");
            }
            if (path.contains(name)) {
                throw new Refused("run params refer to each other in a circle: " + String.join(" -> ", path)
                        + " -> " + name);
            }
            String value = resolved.get(name);
            if (value == null) {
                Set<String> deeper = new LinkedHashSet<>(path);
                deeper.add(name);
                value = expand(name, given.get(name), given, sensitive, resolved, deeper);
                resolved.put(name, value);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}

package io.mflow.runner.domain.kubernetes;

import io.mflow.localrunner.domain.Param;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes job's {@code runnerSpec} is a manifest with {@code ${name}} placeholders, filled from its template
 * params: params whose names start with a lower-case letter (the reference's TEMPLATE params, e.g.
 * {@code git_ssh_secret}). Upper-case names are environment variables, which the shell in the container resolves
 * itself, so their placeholders stay; so does any placeholder no param fills.
 *
 * <p>Placeholders are filled in the parsed manifest, one string value at a time, never in its text: a value is data,
 * so one holding a newline, {@code ": "}, {@code ---} or {@code {} stays that one string and cannot add a key, a
 * container or a second document (say a {@code kind: Secret}) to what the job's author wrote. Keys are not filled.
 */
public final class JobTemplate {

    private JobTemplate() {
    }

    public static boolean isTemplateParam(Param param) {
        String name = param.name();
        return name != null && !name.isEmpty() && Character.isLowerCase(name.charAt(0))
                && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
    }

    /**
     * A parsed manifest ({@link Map}s, {@link List}s and scalars, as a YAML parser gives them) with every string value
     * filled by {@link #fillValue}; a new tree, in the same order. Numbers, booleans and nulls stay as they are.
     */
    public static Object fill(Object tree, List<Param> openedParams) {
        if (tree instanceof Map<?, ?> map) {
            Map<Object, Object> filled = new LinkedHashMap<>();
            map.forEach((key, value) -> filled.put(key, fill(value, openedParams)));
            return filled;
        }
        if (tree instanceof List<?> list) {
            List<Object> filled = new ArrayList<>(list.size());
            list.forEach(item -> filled.add(fill(item, openedParams)));
            return filled;
        }
        if (tree instanceof String value) {
            return fillValue(value, openedParams);
        }
        return tree;
    }

    /**
     * One string value with every template param's placeholder replaced by its value, literally. A sensitive value is
     * refused where a placeholder asks for it: it would stand in plain text in the Job, which anyone who may read Jobs
     * reads.
     */
    public static String fillValue(String value, List<Param> openedParams) {
        String filled = value;
        for (Param param : openedParams) {
            if (!isTemplateParam(param)) {
                continue;
            }
            String placeholder = "${" + param.name() + "}";
            if (!filled.contains(placeholder)) {
                continue;
            }
            if (param.sensitive()) {
                throw new IllegalArgumentException("sensitive param " + param.name() + " cannot fill " + placeholder
                        + ": it would stand in plain text in the Job; pass it as an upper-case (environment) param");
            }
            filled = filled.replace(placeholder, param.value() == null ? "" : param.value());
        }
        return filled;
    }
}

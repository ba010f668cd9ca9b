package io.mflow.task.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * One parameter a job declares, or its merged value in a job task.
 *
 * @param type        what its value must look like; null is read as {@link ParamType#TEXT}
 * @param options     the values an ENUM param allows
 * @param searchLabel its value, when it has one, becomes a label of the runs that use it
 * @param injectedBy  in a job task: what set its value without anyone typing it (e.g. {@code gitlab Push Hook
 *                    <delivery id>}, the reference's "auto-injected"); null: a person, the job or the pipeline did
 */
public record RunParam(String name, String value, boolean required, boolean sensitive, boolean readOnly,
                       String description, ParamType type, List<ParamOption> options, boolean searchLabel,
                       String injectedBy) {

    public static final String MASK = "******";

    public RunParam {
        type = type == null ? ParamType.TEXT : type;
        options = options == null ? List.of() : List.copyOf(options);
    }

    public RunParam(String name, String value, boolean required, boolean sensitive, boolean readOnly,
                    String description, ParamType type, List<ParamOption> options, boolean searchLabel) {
        this(name, value, required, sensitive, readOnly, description, type, options, searchLabel, null);
    }

    public RunParam(String name, String value, boolean required, boolean sensitive, boolean readOnly,
                    String description) {
        this(name, value, required, sensitive, readOnly, description, ParamType.TEXT, List.of(), false);
    }

    public boolean hasValue() {
        return value != null && !value.isBlank();
    }

    /** A read-only param that already has a value can never be changed again. */
    public boolean isLocked() {
        return readOnly && hasValue();
    }

    /** The same param, its value a secret (a build configuration's sensitive custom param). */
    public RunParam asSensitive() {
        return new RunParam(name, value, required, true, readOnly, description, type, options, searchLabel,
                injectedBy);
    }

    public RunParam withValue(String newValue) {
        return new RunParam(name, newValue, required, sensitive, readOnly, description, type, options, searchLabel,
                injectedBy);
    }

    /** The same param with {@code newValue}, set by {@code by} rather than a person (null: by a person). */
    public RunParam withValue(String newValue, String by) {
        return new RunParam(name, newValue, required, sensitive, readOnly, description, type, options, searchLabel,
                by);
    }

    /** The values it allows: an ENUM's options, or true and false for a BOOLEAN; empty for the other types. */
    public List<String> allowedValues() {
        if (type == ParamType.BOOLEAN) {
            return List.of("true", "false");
        }
        return type == ParamType.ENUM ? options.stream().map(ParamOption::value).toList() : List.of();
    }

    /** Why its value does not fit its type ("param 'X' must be a number, not 'abc'"), or null when it does. */
    public String typeProblem() {
        String problem = type.problemWith(value, allowedValues());
        if (problem == null) {
            return null;
        }
        // a refusal is shown and logged: a sensitive value is never quoted in it
        return "param '" + name + "' " + (sensitive ? "is sensitive and its value is not a " + type
                + (allowedValues().isEmpty() ? "" : " of " + allowedValues()) : problem);
    }

    /** What is wrong with it as a job declares it (its options, its default), or null when nothing is. */
    public String definitionProblem() {
        if (type == ParamType.ENUM && options.isEmpty()) {
            return "param '" + name + "' is an ENUM: it needs options";
        }
        if (!options.isEmpty() && type != ParamType.ENUM) {
            return "param '" + name + "' has options: its type must be ENUM, not " + type;
        }
        Set<String> seen = new HashSet<>();
        for (ParamOption option : options) {
            if (option.value() == null || option.value().isBlank()) {
                return "every option of param '" + name + "' needs a value";
            }
            if (!seen.add(option.value())) {
                return "option '" + option.value() + "' of param '" + name + "' is listed twice";
            }
        }
        String problem = typeProblem();
        return problem == null ? null : problem.replaceFirst("^param '", "the default of param '");
    }

    /**
     * {@code name -> value} of the params marked searchLabel that have a value: labels of whatever they belong to. A
     * sensitive value never becomes a label (labels are shown and filtered on in the clear).
     */
    public static Map<String, String> searchLabels(List<RunParam> params) {
        Map<String, String> labels = new TreeMap<>();
        params.stream().filter(p -> p.searchLabel() && p.hasValue() && !p.sensitive())
                .forEach(p -> labels.put(p.name(), p.value().trim()));
        return labels;
    }

    /** What a reader may see: a sensitive value, however short, is never shown. */
    public RunParam masked() {
        return sensitive && hasValue() ? withValue(MASK) : this;
    }
}

package io.mflow.pipeline.domain;

import java.util.List;

/** One run parameter of a job task. A sensitive value is sealed for its job task ({@code enc:v2:...})
 * and stays so here: this service never moves one to another task (outputs never fill a sensitive param).
 *
 * @param type    what its value must look like (see {@link ParamType}); null: any value
 * @param options the values an ENUM allows */
public record RunParam(String name, String value, boolean required, boolean sensitive, boolean readOnly, String type,
                       List<String> options) {

    public RunParam {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public RunParam(String name, String value, boolean required, boolean sensitive, boolean readOnly) {
        this(name, value, required, sensitive, readOnly, null, List.of());
    }

    public boolean hasValue() {
        return value != null && !value.isBlank();
    }

    /** A read-only param is locked once it has a value (it pins a template variable). */
    public boolean isEditable() {
        return !(readOnly && hasValue());
    }

    public RunParam withValue(String newValue) {
        return new RunParam(name, newValue, required, sensitive, readOnly, type, options);
    }

    /** Why its value does not fit its type ("param 'X' must be a number, not 'abc'"), or null when it does. */
    public String typeProblem() {
        String problem = ParamType.problemWith(type, value, "BOOLEAN".equals(type) ? List.of("true", "false") : options);
        return problem == null ? null : "param '" + name + "' " + problem;
    }
}

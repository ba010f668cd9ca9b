package io.mflow.task.domain;

/**
 * A value given for a param by a pipeline task definition, a pipeline's own params or a run.
 *
 * @param scope      which tasks of a run it reaches (a pipeline's params and a run's); null: every task
 * @param injectedBy what gives it without anyone typing it (a git event); null: a person or a definition
 */
public record ParamValue(String name, String value, ParamScope scope, String injectedBy) {

    public ParamValue {
        scope = scope == null ? ParamScope.EVERYWHERE : scope;
    }

    public ParamValue(String name, String value, ParamScope scope) {
        this(name, value, scope, null);
    }

    public ParamValue(String name, String value) {
        this(name, value, ParamScope.EVERYWHERE);
    }

    /** Empty values never override; neither does the mask a client echoes back from a response. */
    public boolean isEmpty() {
        return value == null || value.isBlank() || RunParam.MASK.equals(value.trim());
    }

    public String trimmed() {
        return value == null ? null : value.trim();
    }

    public ParamValue withValue(String next) {
        return new ParamValue(name, next, scope, injectedBy);
    }
}

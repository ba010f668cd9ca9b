package io.mflow.pipeline.domain;

/** One run parameter of a job task. A sensitive value is sealed for its job task ({@code enc:v2:...})
 * and stays so here: this service never moves one to another task (outputs never fill a sensitive param). */
public record RunParam(String name, String value, boolean required, boolean sensitive, boolean readOnly) {

    public boolean hasValue() {
        return value != null && !value.isBlank();
    }

    /** A read-only param is locked once it has a value (it pins a template variable). */
    public boolean isEditable() {
        return !(readOnly && hasValue());
    }

    public RunParam withValue(String newValue) {
        return new RunParam(name, newValue, required, sensitive, readOnly);
    }
}

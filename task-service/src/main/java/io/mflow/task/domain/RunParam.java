package io.mflow.task.domain;

/** One parameter a job declares, or its merged value in a job task. */
public record RunParam(String name, String value, boolean required, boolean sensitive, boolean readOnly,
                       String description) {

    public static final String MASK = "******";

    public boolean hasValue() {
        return value != null && !value.isBlank();
    }

    /** A read-only param that already has a value can never be changed again. */
    public boolean isLocked() {
        return readOnly && hasValue();
    }

    public RunParam withValue(String newValue) {
        return new RunParam(name, newValue, required, sensitive, readOnly, description);
    }

    /** What a reader may see: a sensitive value, however short, is never shown. */
    public RunParam masked() {
        return sensitive && hasValue() ? withValue(MASK) : this;
    }
}

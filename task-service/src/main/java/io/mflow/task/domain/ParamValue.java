package io.mflow.task.domain;

/** A value given for a param by a pipeline task definition or a run. */
public record ParamValue(String name, String value) {

    /** Empty values never override; neither does the mask a client echoes back from a response. */
    public boolean isEmpty() {
        return value == null || value.isBlank() || RunParam.MASK.equals(value.trim());
    }

    public String trimmed() {
        return value == null ? null : value.trim();
    }
}

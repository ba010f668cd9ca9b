package io.mflow.task.adapter.rest;

import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.Status;
import java.util.Arrays;

final class Stages {

    private Stages() {
    }

    /** A stage as a caller names it, in any case; the reference's {@code PENDDING} is PENDING. */
    static Status parse(String stage) {
        Status named = Status.named(stage);
        if (named == null) {
            String shown = stage == null || stage.length() <= Limits.NAME_LENGTH ? stage
                    : stage.substring(0, Limits.NAME_LENGTH) + "...";
            throw RequestRefused.invalid("stage must be one of " + Arrays.toString(Status.values()) + ", got '"
                    + shown + "'");
        }
        return named;
    }
}

package io.mflow.task.adapter.rest;

import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.Status;
import java.util.Arrays;
import java.util.Locale;

final class Stages {

    private Stages() {
    }

    static Status parse(String stage) {
        try {
            return Status.valueOf(stage.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            String shown = stage == null || stage.length() <= Limits.NAME_LENGTH ? stage
                    : stage.substring(0, Limits.NAME_LENGTH) + "...";
            throw RequestRefused.invalid("stage must be one of " + Arrays.toString(Status.values()) + ", got '"
                    + shown + "'");
        }
    }
}

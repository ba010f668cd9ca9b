package io.mflow.task.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * The answer to a definition: the job or pipeline as stored, and {@code warnings}, one for each field of the
 * document that mflow accepted but that has no effect in it (present only when there are any).
 */
record DefinedBody<T>(@JsonUnwrapped T definition,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
}

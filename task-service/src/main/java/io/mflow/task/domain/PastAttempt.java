package io.mflow.task.domain;

import java.time.Instant;
import java.util.List;

/**
 * How an earlier attempt of a job task ended (with the runner that ran it and its exit code, when known), and who
 * started the next one and why. {@code ranWith}: the params it was sent to its runner with, as {@link Attempt} kept
 * them (sealed values sealed); null when it was never sent or ended before that was kept.
 */
public record PastAttempt(int number, Status stage, String message, Instant startedAt, Instant finishedAt,
                          String retriedBy, String retryReason, String runner, Integer exitCode,
                          List<RunParam> ranWith) {

    public PastAttempt {
        ranWith = ranWith == null ? null : List.copyOf(ranWith);
    }

    public PastAttempt(int number, Status stage, String message, Instant startedAt, Instant finishedAt,
                       String retriedBy, String retryReason, String runner, Integer exitCode) {
        this(number, stage, message, startedAt, finishedAt, retriedBy, retryReason, runner, exitCode, null);
    }
}

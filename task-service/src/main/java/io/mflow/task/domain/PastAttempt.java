package io.mflow.task.domain;

import java.time.Instant;

/**
 * How an earlier attempt of a job task ended (with the runner that ran it and its exit code, when known), and who
 * started the next one and why.
 */
public record PastAttempt(int number, Status stage, String message, Instant startedAt, Instant finishedAt,
                          String retriedBy, String retryReason, String runner, Integer exitCode) {
}

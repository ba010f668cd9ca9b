package io.mflow.task.domain;

import java.time.Instant;

/** One person's decision at a gate, kept on the task for good. */
public record GateDecision(String by, Verdict verdict, String comment, Instant at) {
}

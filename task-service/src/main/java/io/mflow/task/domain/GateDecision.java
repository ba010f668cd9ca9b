package io.mflow.task.domain;

import java.time.Instant;

/**
 * One person's decision at a gate, kept on the task for good. {@code paramsDigest}: the {@link ParamsDigest} of the
 * params the task had when it was given (null: given before digests were kept), so the audit trail shows what was
 * approved, and an approval never starts other params.
 */
public record GateDecision(String by, Verdict verdict, String comment, Instant at, String paramsDigest) {

    public GateDecision(String by, Verdict verdict, String comment, Instant at) {
        this(by, verdict, comment, at, null);
    }
}

package io.mflow.runner.domain;

import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.ShellAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One attempt of a job task as the runner was asked to run it. The update token and sensitive params stay sealed
 * here; they are opened only when the process starts or a report is sent. {@code timeout}: how long it may run
 * before the runner stops it (null: no limit); {@code notBefore}: when it may start at the earliest (the back-off before
 * an automatic retry; null: at once); {@code dryRunNote}: what a dry run adds to its report of what would have run;
 * {@code labels}: the run's, which a Kubernetes Job carries; {@code agentTags}: for an AGENT attempt, the tags its
 * agent must carry; {@code manualStatus}: its process's exit 0 does not end it: the final stage comes from an outside
 * report (whoever holds the update token); {@code traceparent}: the W3C trace context its RunJob was taken in (null:
 * none), which every report of it continues, whichever thread or instance makes it.
 */
public record Attempt(
        String attemptId,
        String jobTaskId,
        String pipelineTaskId,
        String runnerType,
        String runnerSpec,
        List<Param> params,
        String sealedUpdateToken,
        boolean dryRun,
        Duration timeout,
        Instant notBefore,
        String dryRunNote,
        Map<String, String> labels,
        List<String> agentTags,
        boolean manualStatus,
        String traceparent) {

    public static final String LOCAL = "LOCAL";
    public static final String AGENT = "AGENT";

    public Attempt {
        params = params == null ? List.of() : List.copyOf(params);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        agentTags = agentTags == null ? List.of() : List.copyOf(agentTags);
    }

    public Attempt(String attemptId, String jobTaskId, String pipelineTaskId, String runnerType, String runnerSpec,
                   List<Param> params, String sealedUpdateToken, boolean dryRun, Duration timeout, Instant notBefore,
                   String dryRunNote, Map<String, String> labels, List<String> agentTags, boolean manualStatus) {
        this(attemptId, jobTaskId, pipelineTaskId, runnerType, runnerSpec, params, sealedUpdateToken, dryRun, timeout,
                notBefore, dryRunNote, labels, agentTags, manualStatus, null);
    }

    public Attempt(String attemptId, String jobTaskId, String pipelineTaskId, String runnerType, String runnerSpec,
                   List<Param> params, String sealedUpdateToken, boolean dryRun, Duration timeout, Instant notBefore,
                   String dryRunNote, Map<String, String> labels, List<String> agentTags) {
        this(attemptId, jobTaskId, pipelineTaskId, runnerType, runnerSpec, params, sealedUpdateToken, dryRun, timeout,
                notBefore, dryRunNote, labels, agentTags, false);
    }

    /** Runs on a remote agent, which takes it when one with its tags is free. */
    public boolean waitsForAgent() {
        return AGENT.equals(runnerType);
    }

    public Attempt(String attemptId, String jobTaskId, String pipelineTaskId, String runnerType, String runnerSpec,
                   List<Param> params, String sealedUpdateToken, boolean dryRun, Duration timeout, Instant notBefore,
                   String dryRunNote) {
        this(attemptId, jobTaskId, pipelineTaskId, runnerType, runnerSpec, params, sealedUpdateToken, dryRun, timeout,
                notBefore, dryRunNote, Map.of(), List.of());
    }

    public Attempt(String attemptId, String jobTaskId, String pipelineTaskId, String runnerType, String runnerSpec,
                   List<Param> params, String sealedUpdateToken, boolean dryRun) {
        this(attemptId, jobTaskId, pipelineTaskId, runnerType, runnerSpec, params, sealedUpdateToken, dryRun, null,
                null, null);
    }

    /** The same attempt, taken in the trace {@code traceparent} names. */
    public Attempt inTrace(String traceparent) {
        return new Attempt(attemptId, jobTaskId, pipelineTaskId, runnerType, runnerSpec, params, sealedUpdateToken,
                dryRun, timeout, notBefore, dryRunNote, labels, agentTags, manualStatus, traceparent);
    }

    /** Whether it must still wait at {@code now} before it starts. */
    public boolean waitsAt(Instant now) {
        return notBefore != null && notBefore.isAfter(now);
    }

    /** Records of one run share the pipeline task id as key; a task outside a pipeline uses its own id. */
    public String reportKey() {
        return shell().reportKey();
    }

    /** What a shell process of it needs to know, on this host or on an agent. */
    public ShellAttempt shell() {
        return new ShellAttempt(attemptId, jobTaskId, pipelineTaskId, runnerSpec);
    }

    /** What a cancel knows of an attempt it may never have seen: enough to report and to block a later run. */
    public static Attempt canceledUnseen(String attemptId, String jobTaskId, String pipelineTaskId, String sealedUpdateToken) {
        return new Attempt(attemptId, jobTaskId, pipelineTaskId, null, null, List.of(), sealedUpdateToken, false);
    }

    @Override
    public String toString() {
        return "Attempt[" + attemptId + ", runner " + runnerType + (dryRun ? ", dry run" : "")
                + (manualStatus ? ", manual status" : "") + "]";
    }
}

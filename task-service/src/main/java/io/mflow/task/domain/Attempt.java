package io.mflow.task.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attempt a job task is in now: its stage, what its reports said and left, and when. {@code runner}: which
 * runner runs it; {@code exitCode}: what its process ended with. {@code awaitingReport}: a manualStatus job's process
 * ended, its outputs are kept, and the outside report of its final stage has not come yet. {@code detail} and
 * {@code extension}: what its reports carried beside their message. {@code ranWith}: the params its run's driver
 * sent its runner, earlier jobs' outputs filled in and sensitive values sealed as sent; null until it was sent.
 */
public record Attempt(Status stage, String message, Map<String, String> outputs, Instant startedAt,
                      Instant finishedAt, String runner, Integer exitCode, boolean awaitingReport, String detail,
                      Map<String, String> extension, List<RunParam> ranWith) {

    public Attempt {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        extension = extension == null ? Map.of() : Map.copyOf(extension);
        ranWith = ranWith == null ? null : List.copyOf(ranWith);
    }

    /** An attempt not sent to a runner yet. */
    public Attempt(Status stage, String message, Map<String, String> outputs, Instant startedAt, Instant finishedAt,
                   String runner, Integer exitCode, boolean awaitingReport, String detail,
                   Map<String, String> extension) {
        this(stage, message, outputs, startedAt, finishedAt, runner, exitCode, awaitingReport, detail, extension,
                null);
    }

    /** The first attempt of a new task: PENDING, or SKIPPED (and so finished at once) when its task is skipped. */
    static Attempt first(boolean skip, Instant now) {
        return skip ? new Attempt(Status.SKIPPED, "skipped", Map.of(), null, now, null, null, false, null, Map.of())
                : new Attempt(Status.PENDING, null, Map.of(), null, null, null, null, false, null, Map.of());
    }

    /**
     * The attempt as a report moves it to {@code target}. An empty message says nothing new: it keeps the last one
     * (the reference wiped it). A task waiting to be scheduled (for a back-off, an agent) has not started yet.
     */
    Attempt reported(Status target, StatusReport report) {
        return new Attempt(target, messageAfter(report), outputsAfter(report),
                startedAt != null || target == Status.SCHEDULING ? startedAt : report.at(),
                target.isComplete() ? report.at() : null, runnerAfter(report),
                report.exitCode() != null ? report.exitCode() : exitCode,
                target == Status.ACTIVE && report.awaitingReport(), detailAfter(report), extensionAfter(report),
                ranWith);
    }

    /** The attempt as a report of its own stage leaves it; {@code awaits}: it now waits for an outside report. */
    Attempt stayed(StatusReport report, boolean awaits) {
        return new Attempt(stage, messageAfter(report), outputsAfter(report), startedAt, finishedAt,
                runnerAfter(report), exitCode, awaitingReport || awaits, detailAfter(report), extensionAfter(report),
                ranWith);
    }

    /** The attempt ended {@code finalStage} at {@code at} because a person said so; what its reports left stays. */
    Attempt finished(Status finalStage, String why, Instant at) {
        return new Attempt(finalStage, why, outputs, startedAt, at, runner, exitCode, awaitingReport, detail,
                extension, ranWith);
    }

    /** The attempt as its runner was sent it, with {@code params}. */
    Attempt sentWith(List<RunParam> params) {
        return new Attempt(stage, message, outputs, startedAt, finishedAt, runner, exitCode, awaitingReport, detail,
                extension, params);
    }

    /** What a reader may see of the params it ran with (sensitive ones masked); null until it was sent. */
    public List<RunParam> maskedRanWith() {
        return ranWith == null ? null : ranWith.stream().map(RunParam::masked).toList();
    }

    /** How this attempt, number {@code number}, ended, kept in the history when the next one starts. */
    PastAttempt ended(int number, String retriedBy, String retryReason) {
        return new PastAttempt(number, stage, message, startedAt, finishedAt, retriedBy, retryReason, runner,
                exitCode, ranWith);
    }

    /** The next attempt: PENDING with {@code why}, keeping the outputs so far, with nothing else of this one. */
    Attempt next(String why) {
        return new Attempt(Status.PENDING, why, outputs, null, null, null, null, false, null, Map.of());
    }

    private String messageAfter(StatusReport report) {
        return report.message() == null || report.message().isBlank() ? message : report.message();
    }

    private Map<String, String> outputsAfter(StatusReport report) {
        Map<String, String> next = new LinkedHashMap<>(outputs);
        next.putAll(report.outputs());
        return next;
    }

    private String runnerAfter(StatusReport report) {
        return report.runner() != null ? report.runner() : runner;
    }

    /** A report without a detail leaves the one the attempt has (the reference wiped it). */
    private String detailAfter(StatusReport report) {
        return report.detail() != null ? report.detail() : detail;
    }

    /** A report's extension is laid over the attempt's: a later value wins, other keys stay. */
    private Map<String, String> extensionAfter(StatusReport report) {
        if (report.extension().isEmpty()) {
            return extension;
        }
        Map<String, String> next = new LinkedHashMap<>(extension);
        next.putAll(report.extension());
        return next;
    }
}

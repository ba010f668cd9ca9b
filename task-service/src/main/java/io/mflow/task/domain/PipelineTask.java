package io.mflow.task.domain;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a pipeline. Its job tasks live in their own documents; {@code stages} keeps their order.
 *
 * @param pipelineRevision the revision of its pipeline it runs; null for a run started before revisions
 * @param warnings         what its caller should know about what it runs (a deprecated job version in it)
 * @param laneValue        the value of its pipeline's lane param it holds or waits for; null: no lane
 */
public record PipelineTask(String id, String pipelineId, String pipelineName, Status stage, String message,
                           boolean dryRun, Map<String, String> labels, List<StageLayout> stages,
                           List<String> appliedReportIds, int transitions, Instant createdAt, Instant finishedAt,
                           String triggeredBy, Integer pipelineRevision, List<String> warnings, String laneValue) {

    static final int REMEMBERED_REPORTS = 50;

    public PipelineTask {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        stages = List.copyOf(stages);
        appliedReportIds = appliedReportIds == null ? List.of() : List.copyOf(appliedReportIds);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public PipelineTask(String id, String pipelineId, String pipelineName, Status stage, String message,
                        boolean dryRun, Map<String, String> labels, List<StageLayout> stages,
                        List<String> appliedReportIds, int transitions, Instant createdAt, Instant finishedAt,
                        String triggeredBy) {
        this(id, pipelineId, pipelineName, stage, message, dryRun, labels, stages, appliedReportIds, transitions,
                createdAt, finishedAt, triggeredBy, null, List.of(), null);
    }

    /** A run of a pipeline with a lane ({@code laneValue} not null) or without one (null). */
    public PipelineTask(String id, String pipelineId, String pipelineName, Status stage, String message,
                        boolean dryRun, Map<String, String> labels, List<StageLayout> stages,
                        List<String> appliedReportIds, int transitions, Instant createdAt, Instant finishedAt,
                        String triggeredBy, String laneValue) {
        this(id, pipelineId, pipelineName, stage, message, dryRun, labels, stages, appliedReportIds, transitions,
                createdAt, finishedAt, triggeredBy, null, List.of(), laneValue);
    }

    /** The same run, recording the revision of its pipeline it runs and the warnings of what it runs. */
    public PipelineTask ofRevision(int revision, List<String> runWarnings) {
        return new PipelineTask(id, pipelineId, pipelineName, stage, message, dryRun, labels, stages, appliedReportIds,
                transitions, createdAt, finishedAt, triggeredBy, revision, runWarnings, laneValue);
    }

    /** A run starts ACTIVE at once; its plan is announced before its first change. */
    public static Started start(String id, String pipelineId, String pipelineName, boolean dryRun,
                                Map<String, String> labels, List<PipelineTaskEvent.StagePlan> plan, Instant now,
                                String triggeredBy, Notices notices) {
        return start(id, pipelineId, pipelineName, dryRun, labels, plan, now, triggeredBy, notices, null);
    }

    /**
     * A run in a lane ({@code laneValue} not null) starts QUEUED: its plan is announced as queued, and it goes ACTIVE
     * only when its lane lets it go ({@link #letGo}), which may be at once. A run without a lane starts ACTIVE.
     */
    public static Started start(String id, String pipelineId, String pipelineName, boolean dryRun,
                                Map<String, String> labels, List<PipelineTaskEvent.StagePlan> plan, Instant now,
                                String triggeredBy, Notices notices, String laneValue) {
        List<StageLayout> layout = plan.stream().map(s -> new StageLayout(s.name(), s.parallel(),
                s.tasks().stream().map(PipelineTaskEvent.TaskPlan::jobTaskId).toList())).toList();
        boolean queued = laneValue != null;
        PipelineTask task = new PipelineTask(id, pipelineId, pipelineName, queued ? Status.QUEUED : Status.ACTIVE,
                null, dryRun, labels, layout, List.of(), 1, now, null, triggeredBy, laneValue);
        PipelineTaskEvent created = new PipelineTaskEvent.Created(id + ":created", id, pipelineId, pipelineName,
                dryRun, labels, plan, now, triggeredBy, notices.webhooks(), notices.mentions(), notices.contacts(),
                queued);
        List<PipelineTaskEvent> events = queued ? List.of(created) : List.of(created,
                new PipelineTaskEvent.StatusChanged(id + ":1", id, pipelineId, pipelineName, Status.PENDING,
                        Status.ACTIVE, null, now, triggeredBy, now));
        return new Started(task, events);
    }

    /** The run's lane let it in: a queued run goes ACTIVE; any other stays as it is (a repeated let-go). */
    public Change<PipelineTask, PipelineTaskEvent> letGo(Instant at) {
        if (stage != Status.QUEUED) {
            return Change.unchanged();
        }
        return moveTo(Status.ACTIVE, null, null, at);
    }

    /**
     * A user's cancel: a run that runs is asked to stop (CANCELING; pipeline-service stops its tasks and reports
     * CANCELED); a queued run, of which nothing ran, is CANCELED at once and so leaves its lane's line.
     */
    public Change<PipelineTask, PipelineTaskEvent> cancel(Instant at) {
        return stage == Status.QUEUED ? moveTo(Status.CANCELED, null, "canceled by a user while queued", at)
                : moveTo(Status.CANCELING, null, "canceled by a user", at);
    }

    /** The run holds its lane's place (or waits in it) until it is complete. */
    public boolean inLane() {
        return laneValue != null;
    }

    public boolean hasApplied(String reportId) {
        return reportId != null && appliedReportIds.contains(reportId);
    }

    public Change<PipelineTask, PipelineTaskEvent> moveTo(Status target, String reportId, String newMessage,
                                                              Instant at) {
        if (target == stage) {
            return Change.unchanged();
        }
        if (!PipelineTaskTransitions.allows(stage, target)) {
            return Change.refused("pipeline task " + id + " cannot move from " + stage + " to " + target);
        }
        String nextMessage = newMessage == null || newMessage.isBlank() ? message : newMessage;
        List<String> reports = new ArrayList<>(appliedReportIds);
        if (reportId != null) {
            reports.add(reportId);
        }
        while (reports.size() > REMEMBERED_REPORTS) {
            reports.remove(0);
        }
        int number = transitions + 1;
        PipelineTask next = new PipelineTask(id, pipelineId, pipelineName, target, nextMessage, dryRun, labels, stages,
                reports, number, createdAt, target.isComplete() ? at : null, triggeredBy, pipelineRevision, warnings,
                laneValue);
        PipelineTaskEvent event = new PipelineTaskEvent.StatusChanged(id + ":" + number, id, pipelineId,
                pipelineName, stage, target, nextMessage, at, triggeredBy, createdAt);
        return new Change.Moved<>(next, List.of(event));
    }

    /**
     * Who a run tells of its own changes: the pipeline's webhooks and mentions, and the sealed e-mail address of
     * every person the run may tell (mentioned anywhere in it, or deciding at one of its gates).
     */
    public record Notices(List<Pipeline.Webhook> webhooks, List<Pipeline.Mention> mentions,
                          Map<String, String> contacts) {
        public static final Notices NONE = new Notices(List.of(), List.of(), Map.of());
    }

    public record StageLayout(String name, boolean parallel, List<String> jobTaskIds) {
        public StageLayout {
            jobTaskIds = List.copyOf(jobTaskIds);
        }
    }

    public record Started(PipelineTask task, List<PipelineTaskEvent> events) {
        public Started {
            events = List.copyOf(events);
        }
    }
}

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
 */
public record PipelineTask(String id, String pipelineId, String pipelineName, Status stage, String message,
                           boolean dryRun, Map<String, String> labels, List<StageLayout> stages,
                           List<String> appliedReportIds, int transitions, Instant createdAt, Instant finishedAt,
                           String triggeredBy, Integer pipelineRevision, List<String> warnings) {

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
                createdAt, finishedAt, triggeredBy, null, List.of());
    }

    /** The same run, recording the revision of its pipeline it runs and the warnings of what it runs. */
    public PipelineTask ofRevision(int revision, List<String> runWarnings) {
        return new PipelineTask(id, pipelineId, pipelineName, stage, message, dryRun, labels, stages, appliedReportIds,
                transitions, createdAt, finishedAt, triggeredBy, revision, runWarnings);
    }

    /** A run starts ACTIVE at once; its plan is announced before its first change. */
    public static Started start(String id, String pipelineId, String pipelineName, boolean dryRun,
                                Map<String, String> labels, List<PipelineTaskEvent.StagePlan> plan, Instant now,
                                String triggeredBy, Notices notices) {
        List<StageLayout> layout = plan.stream().map(s -> new StageLayout(s.name(), s.parallel(),
                s.tasks().stream().map(PipelineTaskEvent.TaskPlan::jobTaskId).toList())).toList();
        PipelineTask task = new PipelineTask(id, pipelineId, pipelineName, Status.ACTIVE, null, dryRun, labels,
                layout, List.of(), 1, now, null, triggeredBy);
        List<PipelineTaskEvent> events = List.of(
                new PipelineTaskEvent.Created(id + ":created", id, pipelineId, pipelineName, dryRun, labels, plan, now,
                        triggeredBy, notices.webhooks(), notices.mentions(), notices.contacts()),
                new PipelineTaskEvent.StatusChanged(id + ":1", id, pipelineId, pipelineName, Status.PENDING,
                        Status.ACTIVE, null, now, triggeredBy, now));
        return new Started(task, events);
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
                reports, number, createdAt, target.isComplete() ? at : null, triggeredBy, pipelineRevision, warnings);
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

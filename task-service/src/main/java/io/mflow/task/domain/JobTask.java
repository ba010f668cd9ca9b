package io.mflow.task.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One execution of one job. Only the hash of its update token is kept. {@code transitions} counts the stage changes
 * so each change gets a derived event id; {@code appliedReportIds} remembers the last reports applied, so a report
 * delivered twice is applied once.
 */
public record JobTask(String id, String name, String jobName, String pipelineTaskId, String pipelineId,
                      String stageName, Stage stage, String message, Map<String, String> outputs,
                      List<RunParam> params, boolean ignoreFailed, boolean skip, String tokenHash,
                      List<String> appliedReportIds, int transitions, Instant createdAt, Instant startedAt,
                      Instant finishedAt, long version, String triggeredBy) {

    static final int REMEMBERED_REPORTS = 50;

    public JobTask {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        params = List.copyOf(params);
        appliedReportIds = appliedReportIds == null ? List.of() : List.copyOf(appliedReportIds);
    }

    /** A new job task of a run: PENDING, or SKIPPED (and so already finished) when its task is skipped. */
    public static JobTask create(String id, String name, String jobName, String pipelineTaskId, String pipelineId,
                                 String stageName, List<RunParam> params, boolean ignoreFailed, boolean skip,
                                 String tokenHash, Instant now, String triggeredBy) {
        return new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName,
                skip ? Stage.SKIPPED : Stage.PENDING, skip ? "skipped" : null, Map.of(), params, ignoreFailed, skip,
                tokenHash, List.of(), 0, now, null, skip ? now : null, 0, triggeredBy);
    }

    /** This task as a write stored it: the store counts versions, the domain only carries the one it read. */
    public JobTask atVersion(long storedVersion) {
        return new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, stage, message, outputs, params,
                ignoreFailed, skip, tokenHash, appliedReportIds, transitions, createdAt, startedAt, finishedAt,
                storedVersion, triggeredBy);
    }

    public boolean acceptsToken(String plainToken) {
        return UpdateTokens.matches(plainToken, tokenHash);
    }

    public boolean hasApplied(String reportId) {
        return reportId != null && appliedReportIds.contains(reportId);
    }

    public Transition<JobTask, JobTaskEvent> moveTo(Stage target, StatusReport report) {
        if (target == stage) {
            return new Transition.Unchanged<>();
        }
        if (!JobTaskTransitions.allows(stage, target)) {
            return new Transition.Rejected<>("job task " + id + " cannot move from " + stage + " to " + target);
        }
        // An empty message says nothing new: it keeps the last one (the reference wiped it).
        String nextMessage = report.message() == null || report.message().isBlank() ? message : report.message();
        Map<String, String> nextOutputs = new LinkedHashMap<>(outputs);
        nextOutputs.putAll(report.outputs());
        List<String> reports = new ArrayList<>(appliedReportIds);
        if (report.reportId() != null) {
            reports.add(report.reportId());
        }
        while (reports.size() > REMEMBERED_REPORTS) {
            reports.remove(0);
        }
        int number = transitions + 1;
        JobTask next = new JobTask(id, name, jobName, pipelineTaskId, pipelineId, stageName, target, nextMessage,
                nextOutputs, params, ignoreFailed, skip, tokenHash, reports, number, createdAt,
                startedAt != null ? startedAt : report.at(), target.isComplete() ? report.at() : null, version,
                triggeredBy);
        JobTaskEvent event = new JobTaskEvent.StatusChanged(id + ":" + number, id, name, pipelineTaskId, stageName,
                stage, target, nextMessage, nextOutputs, report.at(), triggeredBy);
        return new Transition.Moved<>(next, List.of(event));
    }

    /** What a reader may see of the params. */
    public List<RunParam> maskedParams() {
        return params.stream().map(RunParam::masked).toList();
    }
}

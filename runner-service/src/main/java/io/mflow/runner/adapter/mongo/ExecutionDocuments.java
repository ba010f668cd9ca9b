package io.mflow.runner.adapter.mongo;

import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.runner.domain.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The mapping between executions and their documents in {@code executions}. Sensitive param values and the update
 * token are stored sealed, as they arrived. The outbox beside them holds encoded records (the platform's layout); a
 * runner-service before that stored its reports there as they were decided ({@link #earlierReport}).
 */
final class ExecutionDocuments {

    static final String COLLECTION = "executions";

    private ExecutionDocuments() {
    }

    /** Every field of the execution; the version and the outbox are the store's. */
    static Document toDocument(Execution execution) {
        Attempt a = execution.attempt();
        return new Document("_id", a.attemptId())
                .append("jobTaskId", a.jobTaskId())
                .append("pipelineTaskId", a.pipelineTaskId())
                .append("runnerType", a.runnerType())
                .append("runnerSpec", a.runnerSpec())
                .append("params", a.params().stream().map(ExecutionDocuments::toDocument).toList())
                .append("updateToken", a.sealedUpdateToken())
                .append("dryRun", a.dryRun())
                .append("timeoutMillis", a.timeout() == null ? null : a.timeout().toMillis())
                .append("notBefore", a.notBefore() == null ? null : Date.from(a.notBefore()))
                .append("dryRunNote", a.dryRunNote())
                // pairs, not a sub-document: label keys hold dots
                .append("labels", a.labels().entrySet().stream()
                        .map(e -> new Document("key", e.getKey()).append("value", e.getValue())).toList())
                .append("agentTags", a.agentTags())
                .append("manualStatus", a.manualStatus() ? Boolean.TRUE : null)
                .append("state", execution.state().name())
                .append("pid", execution.pid())
                .append("workDir", execution.workDir())
                .append("owner", execution.owner())
                .append("traceparent", a.traceparent());
    }

    /** What a move changes of an execution: an attempt never changes once claimed. */
    static Document movedFields(Execution execution) {
        return new Document("state", execution.state().name())
                .append("pid", execution.pid())
                .append("workDir", execution.workDir())
                .append("owner", execution.owner());
    }

    private static Map<String, String> labels(Document d) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Document pair : d.getList("labels", Document.class, List.of())) {
            labels.put(pair.getString("key"), pair.getString("value"));
        }
        return labels;
    }

    static Execution toExecution(Document d) {
        List<Param> params = new ArrayList<>();
        for (Document p : d.getList("params", Document.class, List.of())) {
            params.add(new Param(p.getString("name"), p.getString("value"), Boolean.TRUE.equals(p.getBoolean("sensitive"))));
        }
        Attempt attempt = new Attempt(d.getString("_id"), d.getString("jobTaskId"), d.getString("pipelineTaskId"),
                d.getString("runnerType"), d.getString("runnerSpec"), params, d.getString("updateToken"),
                Boolean.TRUE.equals(d.getBoolean("dryRun")), timeout(d.get("timeoutMillis", Number.class)),
                d.getDate("notBefore") == null ? null : d.getDate("notBefore").toInstant(), d.getString("dryRunNote"),
                labels(d), d.getList("agentTags", String.class, List.of()),
                Boolean.TRUE.equals(d.getBoolean("manualStatus")), d.getString("traceparent"));
        Number pid = d.get("pid", Number.class);
        return new Execution(attempt, ExecutionState.valueOf(d.getString("state")),
                pid == null ? null : pid.longValue(), d.getString("workDir"), d.getString("owner"));
    }

    private static Duration timeout(Number millis) {
        return millis == null ? null : Duration.ofMillis(millis.longValue());
    }

    /** Whether an outbox entry is a report as a runner-service before the platform's outbox layout stored it. */
    static boolean isEarlierReport(Document entry) {
        return !entry.containsKey("value") && entry.containsKey("stage");
    }

    /** A report as a runner-service before the platform's outbox layout stored it, undecoded, in the outbox. */
    static Report earlierReport(Document entry) {
        Map<String, String> outputs = new LinkedHashMap<>();
        Document o = entry.get("outputs", Document.class);
        if (o != null) {
            o.forEach((k, v) -> outputs.put(k, v == null ? null : v.toString()));
        }
        return new Report(entry.getString("id"), ReportStage.valueOf(entry.getString("stage")),
                entry.getString("message"), outputs, entry.getDate("reportedAt").toInstant(),
                Boolean.TRUE.equals(entry.getBoolean("lost")), entry.getInteger("exitCode"),
                Boolean.TRUE.equals(entry.getBoolean("awaitingReport")));
    }

    private static Document toDocument(Param param) {
        return new Document("name", param.name()).append("value", param.value()).append("sensitive", param.sensitive());
    }
}

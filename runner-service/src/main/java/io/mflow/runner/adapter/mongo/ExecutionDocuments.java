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
 * token are stored sealed, as they arrived.
 */
final class ExecutionDocuments {

    static final String COLLECTION = "executions";

    private ExecutionDocuments() {
    }

    static Document toDocument(Execution execution, List<Report> outbox) {
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
                .append("version", execution.version())
                .append("outbox", outbox.stream().map(ExecutionDocuments::toDocument).toList());
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
                Boolean.TRUE.equals(d.getBoolean("manualStatus")));
        Number pid = d.get("pid", Number.class);
        Number version = d.get("version", Number.class);
        return new Execution(attempt, ExecutionState.valueOf(d.getString("state")),
                pid == null ? null : pid.longValue(), d.getString("workDir"), version == null ? 0 : version.longValue());
    }

    private static Duration timeout(Number millis) {
        return millis == null ? null : Duration.ofMillis(millis.longValue());
    }

    static Document toDocument(Report report) {
        return new Document("id", report.reportId())
                .append("stage", report.stage().name())
                .append("message", report.message())
                .append("outputs", new Document(new LinkedHashMap<String, Object>(report.outputs())))
                .append("reportedAt", Date.from(report.reportedAt()))
                .append("lost", report.lost() ? Boolean.TRUE : null)
                .append("exitCode", report.exitCode())
                .append("awaitingReport", report.awaitingReport() ? Boolean.TRUE : null);
    }

    static List<Report> outbox(Document d) {
        List<Report> reports = new ArrayList<>();
        for (Document r : d.getList("outbox", Document.class, List.of())) {
            Map<String, String> outputs = new LinkedHashMap<>();
            Document o = r.get("outputs", Document.class);
            if (o != null) {
                o.forEach((k, v) -> outputs.put(k, v == null ? null : v.toString()));
            }
            reports.add(new Report(r.getString("id"), ReportStage.valueOf(r.getString("stage")), r.getString("message"),
                    outputs, r.getDate("reportedAt").toInstant(), Boolean.TRUE.equals(r.getBoolean("lost")),
                    r.getInteger("exitCode"), Boolean.TRUE.equals(r.getBoolean("awaitingReport"))));
        }
        return reports;
    }

    private static Document toDocument(Param param) {
        return new Document("name", param.name()).append("value", param.value()).append("sensitive", param.sensitive());
    }
}

package io.mflow.runner.adapter.kafka;

import io.mflow.platform.outbox.OutboxRecord;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.platform.outbox.PendingOutbox;
import io.mflow.runner.app.Executions;
import io.mflow.runner.app.PendingReports;
import io.mflow.runner.app.Secrets;
import io.mflow.runner.domain.Report;
import io.mflow.schemas.Topics;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reports waiting in each execution's outbox, for the platform's relay; an attempt's owner name is its attempt
 * id. Reports are kept as the runner wrote them, with the task's update token sealed in the execution; the token is
 * opened only here, to prove the report, and never leaves in a record.
 */
public class ReportOutboxes implements OutboxStore {

    private final Executions executions;
    private final Secrets secrets;
    private final String host;
    private final AvroSerializer serializer;

    /** @param host the name of the machine the runner runs on, shown in each report's runner */
    public ReportOutboxes(Executions executions, Secrets secrets, String host, AvroSerializer serializer) {
        this.executions = executions;
        this.secrets = secrets;
        this.host = host;
        this.serializer = serializer;
    }

    @Override
    public Optional<PendingOutbox> pendingOf(String attemptId) {
        return executions.pendingReportsOf(attemptId).map(this::pendingOf);
    }

    @Override
    public List<PendingOutbox> pending(int limit) {
        return executions.pendingReports(limit).stream().map(this::pendingOf).toList();
    }

    @Override
    public void remove(Map<String, List<String>> recordIdsByOwner) {
        executions.removeReports(recordIdsByOwner);
    }

    private PendingOutbox pendingOf(PendingReports pending) {
        return new PendingOutbox(pending.attempt().attemptId(), pending.version(), records(pending));
    }

    /** The records of reports just written or read back, each proved with the token opened once for all. */
    List<OutboxRecord> records(PendingReports pending) {
        if (pending.reports().isEmpty()) {
            return List.of();
        }
        String token = secrets.open(pending.attempt().sealedUpdateToken());
        return pending.reports().stream().map(report -> record(pending, report, token)).toList();
    }

    private OutboxRecord record(PendingReports pending, Report report, String token) {
        EncodedRecord encoded = serializer.encode(Topics.JOB_TASK_STATUS_REPORTS,
                JobCommandMapping.report(pending, report, token, host));
        return new OutboxRecord(report.reportId(), Topics.JOB_TASK_STATUS_REPORTS, pending.attempt().reportKey(),
                encoded.headers(), encoded.value(), report.reportedAt());
    }
}

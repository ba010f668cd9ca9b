package io.mflow.runner.adapter.kafka;

import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.runner.app.Secrets;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Report;
import io.mflow.schemas.Topics;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;

/**
 * A report an execution's move announces, as its record on {@code mflow.job-task-status-reports}, keyed by the
 * attempt's report key. The task's update token stays sealed in the execution and is opened only here, to prove the
 * report (see {@link RunnerAvroMapping#report}): the record stored in the outbox, and sent, carries the proof, never
 * the token.
 */
public class ReportRecords implements EventEncoder<Execution, Report> {

    private final Secrets secrets;
    private final String host;
    private final AvroSerializer serializer;

    /** @param host the name of the machine the runner runs on, shown in each report's runner */
    public ReportRecords(Secrets secrets, String host, AvroSerializer serializer) {
        this.secrets = secrets;
        this.host = host;
        this.serializer = serializer;
    }

    @Override
    public OutboxEntry encode(Execution execution, Report report) {
        Attempt attempt = execution.attempt();
        EncodedRecord encoded = serializer.encode(Topics.JOB_TASK_STATUS_REPORTS,
                RunnerAvroMapping.report(attempt, report, secrets.updateTokenOf(attempt), host));
        return new OutboxEntry(report.reportId(), Topics.JOB_TASK_STATUS_REPORTS, attempt.reportKey(),
                encoded.headers(), encoded.value());
    }
}

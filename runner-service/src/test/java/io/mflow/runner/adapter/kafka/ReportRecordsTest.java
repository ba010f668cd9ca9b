package io.mflow.runner.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.platform.change.Change;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Report;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.sealed.ReportProofs;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportRecordsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final String PLAIN_TOKEN = "token-of-jt-1";

    private final ReportRecords records = new ReportRecords((sealed, place) -> sealed.replace("sealed:", ""), "runner-01",
            new AvroSerializer());

    private static Change.Moved<Execution, Report> finished() {
        Attempt attempt = new Attempt("jt-1#1", "jt-1", "pt-1", "LOCAL", "true", List.of(), "sealed:" + PLAIN_TOKEN,
                false);
        Execution claimed = Execution.claim(attempt, NOW).next();
        return (Change.Moved<Execution, Report>) claimed.finished(Outcome.succeeded(Map.of("VERSION", "1.2")), NOW);
    }

    @Test
    void aReportIsStoredAndSentWithAProofOfTheTokenNeverTheTokenItself() throws Exception {
        Change.Moved<Execution, Report> finished = finished();
        Report succeeded = finished.events().get(1);

        OutboxEntry entry = records.encode(finished.next(), succeeded);

        assertThat(new String(entry.value(), StandardCharsets.ISO_8859_1)).doesNotContain(PLAIN_TOKEN);
        AvroDeserializer deserializer = new AvroDeserializer();
        deserializer.configure(Map.of(), false);
        JobTaskStatusReported report = (JobTaskStatusReported) deserializer.deserialize(entry.topic(), entry.value());
        assertThat(report.getUpdateToken()).startsWith(ReportProofs.PREFIX);
        assertThat(ReportProofs.verify(report.getUpdateToken(), sha256(PLAIN_TOKEN), "jt-1#1:SUCCEEDED", "jt-1",
                "SUCCEEDED")).isTrue();
        assertThat(report.getOutputs()).containsEntry("VERSION", "1.2");
        assertThat(report.getRunner()).isEqualTo("LOCAL@runner-01");
    }

    @Test
    void aReportGoesToTheStatusReportsUnderItsOwnIdKeyedByThePipelineTask() {
        Change.Moved<Execution, Report> finished = finished();

        List<OutboxEntry> entries = finished.events().stream()
                .map(report -> records.encode(finished.next(), report)).toList();

        assertThat(entries).extracting(OutboxEntry::id).containsExactly("jt-1#1:ACTIVE", "jt-1#1:SUCCEEDED");
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.topic()).isEqualTo(Topics.JOB_TASK_STATUS_REPORTS);
            assertThat(entry.key()).isEqualTo("pt-1");
            assertThat(entry.headers()).containsEntry(Topics.TYPE_HEADER,
                    JobTaskStatusReported.getClassSchema().getFullName());
        });
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}

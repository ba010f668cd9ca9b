package io.mflow.task.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.domain.Attempt;
import io.mflow.task.domain.Gates;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskHistory;
import io.mflow.task.domain.JobTaskPlan;
import io.mflow.task.domain.PastAttempt;
import io.mflow.task.domain.RetryPolicy;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

class JobTaskDocumentTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final MappingMongoConverter CONVERTER = converter();

    private static MappingMongoConverter converter() {
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return converter;
    }

    /** A job task as a version before retries, manualStatus and reports' detail stored it: those fields absent. */
    @Test
    void aDocumentStoredBeforeTheNewerFieldsExistedIsReadWithTheirDefaults() {
        Document stored = new Document("_id", "jt-1").append("name", "build").append("jobName", "compile")
                .append("pipelineTaskId", "pt-1").append("pipelineId", "pl-1").append("stageName", "ci")
                .append("stage", "SUCCEEDED").append("message", "done").append("outputs", new Document("A", "1"))
                .append("params", List.of()).append("ignoreFailed", false).append("skip", false)
                .append("tokenHash", "hash").append("appliedReportIds", List.of("r-1", "r-2"))
                .append("transitions", 2).append("createdAt", java.util.Date.from(NOW))
                .append("startedAt", java.util.Date.from(NOW)).append("finishedAt", java.util.Date.from(NOW))
                .append("version", 4L).append("triggeredBy", "vera").append("labels", new Document())
                .append("outbox", List.of());

        JobTask task = CONVERTER.read(JobTaskDocument.class, stored).toDomain();

        assertThat(task.id()).isEqualTo("jt-1");
        assertThat(task.plan()).isEqualTo(new JobTaskPlan("build", "compile", "pt-1", "pl-1", "ci", List.of(), false,
                false, false, RetryPolicy.DEFAULT, Map.of(), "vera", "hash", NOW));
        assertThat(task.current()).isEqualTo(new Attempt(Status.SUCCEEDED, "done", Map.of("A", "1"), NOW, NOW, null,
                null, false, null, Map.of()));
        assertThat(task.gates()).isEqualTo(Gates.NONE);
        assertThat(task.history()).isEqualTo(new JobTaskHistory(List.of(), List.of("r-1", "r-2"), 2));
    }

    @Test
    void aJobTaskIsStoredUnderTheFieldNamesItAlwaysHadAndReadBackWhole() {
        JobTask task = new JobTask("jt-1", new JobTaskPlan("build", "compile", "pt-1", "pl-1", "ci", List.of(), true,
                false, true, RetryPolicy.DEFAULT, Map.of("team", "a"), "vera", "hash", NOW),
                new Attempt(Status.ACTIVE, "running", Map.of("A", "1"), NOW, null, "LOCAL@h", 0, true, "d",
                        Map.of("k", "v")), Gates.NONE,
                new JobTaskHistory(List.of(new PastAttempt(1, Status.FAILED, "boom", NOW, NOW, "alice", "flaky",
                        "LOCAL@h", 1)), List.of("r-1"), 5));
        Document written = new Document();
        CONVERTER.write(JobTaskDocument.of(task, 7), written);

        assertThat(written.keySet()).contains("_id", "name", "jobName", "pipelineTaskId", "pipelineId", "stageName",
                "stage", "message", "outputs", "params", "ignoreFailed", "skip", "tokenHash", "appliedReportIds",
                "transitions", "createdAt", "startedAt", "version", "triggeredBy", "labels", "pastAttempts", "retry",
                "runner", "exitCode", "manualStatus", "awaitingReport", "detail", "extension");
        assertThat(written.get("stage")).isEqualTo("ACTIVE");
        assertThat(written.get("version")).isEqualTo(7L);
        assertThat(CONVERTER.read(JobTaskDocument.class, written).toDomain()).isEqualTo(task);
        assertThat(written.containsKey("ranWith")).as("an attempt not sent yet has none").isFalse();
    }

    @Test
    void theParamsAnAttemptWasSentWithAreStoredSealedAsTheyCameAndReadBack() {
        List<RunParam> sent = List.of(new RunParam("IMAGE", "app:42", true, false, false, null),
                new RunParam("PASSWORD", "enc:v2:sealed", false, true, false, null));
        JobTask task = new JobTask("jt-1", new JobTaskPlan("build", "compile", "pt-1", "pl-1", "ci", List.of(), false,
                false, false, RetryPolicy.DEFAULT, Map.of(), "vera", "hash", NOW),
                new Attempt(Status.ACTIVE, null, Map.of(), NOW, null, null, null, false, null, Map.of(), sent),
                Gates.NONE, new JobTaskHistory(List.of(new PastAttempt(1, Status.FAILED, "lost", NOW, NOW, "mflow",
                        "execution lost", null, null, sent.subList(0, 1))), List.of(), 2));
        Document written = new Document();
        CONVERTER.write(JobTaskDocument.of(task, 1), written);

        assertThat(written.getList("ranWith", Document.class)).extracting(d -> d.get("value"))
                .containsExactly("app:42", "enc:v2:sealed");
        assertThat(written.getList("pastAttempts", Document.class).get(0).getList("ranWith", Document.class))
                .extracting(d -> d.get("value")).containsExactly("app:42");
        assertThat(CONVERTER.read(JobTaskDocument.class, written).toDomain()).isEqualTo(task);
    }
}

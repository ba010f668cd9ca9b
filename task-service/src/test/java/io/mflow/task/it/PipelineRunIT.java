package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.platform.kafka.RecordMac;
import io.mflow.platform.kafka.SignedRecords;
import io.mflow.schemas.Topics;
import io.mflow.schemas.sealed.ReportProofs;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskRetried;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.UpdateTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PipelineRunIT extends TaskServiceHarness {

    @Test
    void aRunIsCreatedAndItsPlanIsAnnouncedWithEverySecretSealed() {
        String pipelineId = definePipeline("plan");
        Response run = post("/api/v1/pipelines/" + pipelineId + "/runs",
                json(Map.of("params", List.of(Map.of("name", "GOAL", "value", "deploy")),
                        "labels", Map.of("team", "core"))));

        assertThat(run.status()).isEqualTo(201);
        String ptId = run.json().path("id").asString();
        assertThat(ptId).startsWith("pt-");
        assertThat(run.json().path("stage").asString()).isEqualTo("ACTIVE");
        assertThat(run.json().path("labels").path("team").asString()).isEqualTo("core");
        JsonNode stages = run.json().path("stages");
        assertThat(stages.size()).isEqualTo(2);
        assertThat(stages.get(0).path("name").asString()).isEqualTo("build");
        assertThat(stages.get(0).path("jobTasks").get(0).path("stage").asString()).isEqualTo("PENDING");
        assertThat(stages.get(1).path("jobTasks").get(0).path("id").asString()).startsWith("jt-");

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            records = events.await(rs -> ofRun(rs, ptId).size() >= 2);
        }
        List<ConsumerRecord<String, byte[]>> ofRun = ofRun(records, ptId);
        assertThat(TopicReader.decode(ofRun.get(0))).isInstanceOf(PipelineTaskCreated.class);
        PipelineTaskStatusChanged changed = (PipelineTaskStatusChanged) TopicReader.decode(ofRun.get(1));
        assertThat(changed.getPreviousStage()).isEqualTo(Stage.PENDING);
        assertThat(changed.getStage()).isEqualTo(Stage.ACTIVE);
        assertThat(header(ofRun.get(0), Topics.TYPE_HEADER)).isEqualTo(PipelineTaskCreated.class.getName());

        PipelineTaskCreated plan = (PipelineTaskCreated) TopicReader.decode(ofRun.get(0));
        assertThat(plan.getEventId()).isEqualTo(ptId + ":created");
        TaskPlan compile = firstTask(plan);
        assertThat(compile.getRunnerSpec()).isEqualTo("echo $GOAL");
        Map<String, RunParam> params = byName(compile.getParams());
        assertThat(params.get("GOAL").getValue()).isEqualTo("deploy");
        assertThat(params.get("REGION").getValue()).isEqualTo("eu");
        assertThat(params.get("JOB_TASK_ID").getValue()).isEqualTo(compile.getJobTaskId());
        assertThat(params.get("PIPELINE_TASK_ID").getValue()).isEqualTo(ptId);
        assertThat(params.get("STAGE_NAME").getValue()).isEqualTo("build");
        assertThat(params.get("PASSWORD").getValue()).startsWith("enc:v2:");
        assertThat(SEALED.open(params.get("PASSWORD").getValue(), SealedPlace.jobTaskParam(compile.getJobTaskId(), "PASSWORD"))).isEqualTo("hunter2-plan");
        assertThat(compile.getUpdateToken()).startsWith("enc:v2:");
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        assertThat(SEALED.open(params.get("JOB_TASK_UPDATE_TOKEN").getValue(),
                SealedPlace.jobTaskParam(compile.getJobTaskId(), "JOB_TASK_UPDATE_TOKEN"))).isEqualTo(token);
        TaskPlan ship = plan.getStages().get(1).getTasks().get(0);
        assertThat(ship.getWebhooks().get(0).getHeaders().get("Authorization")).startsWith("enc:v2:");

        String raw = new String(ofRun.get(0).value(), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("hunter2-plan").doesNotContain(token).doesNotContain("hook-secret-plan");

        Response jobTask = get("/api/v1/job-tasks/" + compile.getJobTaskId());
        assertThat(jobTask.status()).isEqualTo(200);
        assertThat(jobTask.body()).doesNotContain("hunter2-plan").doesNotContain(token)
                .doesNotContain(UpdateTokens.hash(token)).doesNotContain("enc:v2:");
        assertThat(jobTask.json().path("pipelineTaskId").asString()).isEqualTo(ptId);
        assertThat(jobTask.body()).contains("\"******\"");

        Response pipeline = get("/api/v1/pipelines/" + pipelineId);
        assertThat(pipeline.body()).doesNotContain("hook-secret-plan").contains("******");
    }

    @Test
    void aReportOnTheTopicIsAppliedOnceAndAnnounced() {
        String ptId = run(definePipeline("report"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));

        JobTaskStatusReported active = report(jtId, ptId, token, "r-1", Stage.ACTIVE, Map.of());
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, active);
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, active);
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId,
                report(jtId, ptId, token, "r-2", Stage.SUCCEEDED, Map.of("VERSION", "1.2.3")));

        List<JobTaskStatusChanged> changes;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            changes = changesOf(events.await(rs -> changesOf(rs, jtId).stream()
                    .anyMatch(c -> c.getStage() == Stage.SUCCEEDED)), jtId);
        }
        assertThat(changes).extracting(JobTaskStatusChanged::getEventId).containsExactly(jtId + ":1", jtId + ":2");
        assertThat(changes.get(0).getPreviousStage()).isEqualTo(Stage.PENDING);
        assertThat(changes.get(1).getOutputs()).containsEntry("VERSION", "1.2.3");

        Response jobTask = get("/api/v1/job-tasks/" + jtId);
        assertThat(jobTask.json().path("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(jobTask.json().path("finishedAt").isNull()).isFalse();
        Response run = get("/api/v1/pipeline-tasks/" + ptId);
        assertThat(run.json().path("outputs").path("VERSION").asString()).isEqualTo("1.2.3");
    }

    @Test
    void aManualStatusHandOverKeepsTheProcessOutputsAndTheOutsideReportsDetailAndALateRunnerReportIsNoDeadLetter() {
        String ptId = run(definePipeline("hand-over"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        String attempt = jtId + "#1";

        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, fromRunner(report(jtId, ptId, token, attempt + ":ACTIVE",
                Stage.ACTIVE, Map.of())));
        JobTaskStatusReported ended = fromRunner(report(jtId, ptId, token, attempt + ":ACTIVE:awaiting", Stage.ACTIVE,
                Map.of("IMAGE", "app:1", "URL", "http://old")));
        ended.setAwaitingReport(true);
        ended.setMessage("the job's process ended; waiting for an outside report of its final stage");
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, ended);
        eventually(() -> get("/api/v1/job-tasks/" + jtId).json().path("awaitingReport").asBoolean());
        Response waiting = get("/api/v1/job-tasks/" + jtId);
        assertThat(waiting.json().path("stage").asString()).isEqualTo("ACTIVE");
        assertThat(waiting.json().path("outputs").path("IMAGE").asString()).isEqualTo("app:1");

        JobTaskStatusReported outside = report(jtId, ptId, token, "controller-1", Stage.SUCCEEDED,
                Map.of("URL", "http://new"));
        outside.setDetail("3 of 3 replicas ready");
        outside.setExtension(Map.of("replicas", "3"));
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, outside);
        List<JobTaskStatusChanged> changes;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            changes = changesOf(events.await(rs -> changesOf(rs, jtId).stream()
                    .anyMatch(c -> c.getStage() == Stage.SUCCEEDED)), jtId);
        }
        JobTaskStatusChanged succeeded = changes.get(changes.size() - 1);
        assertThat(succeeded.getOutputs()).isEqualTo(Map.of("IMAGE", "app:1", "URL", "http://new"));
        assertThat(succeeded.getDetail()).isEqualTo("3 of 3 replicas ready");
        assertThat(succeeded.getExtension()).isEqualTo(Map.of("replicas", "3"));
        Response done = get("/api/v1/job-tasks/" + jtId);
        assertThat(done.json().path("awaitingReport").asBoolean()).isFalse();
        assertThat(done.json().path("detail").asString()).isEqualTo("3 of 3 replicas ready");
        assertThat(done.json().path("extension").path("replicas").asString()).isEqualTo("3");

        // The runner's timeout, had it not heard of the end in time: ignored, not a dead letter.
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, fromRunner(report(jtId, ptId, token, attempt + ":FAILED",
                Stage.FAILED, Map.of())));
        try (TopicReader dlt = new TopicReader(Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX)) {
            assertThat(ofRun(dlt.readFor(Duration.ofSeconds(3)), ptId)).isEmpty();
        }
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("stage").asString()).isEqualTo("SUCCEEDED");
    }

    /** Stored, a plan the broker refuses would stand in the outbox for ever, and its job tasks with it. */
    @Test
    void aRunWhosePlanTheBrokerWouldRefuseIsA400AndCreatesNothing() {
        Response job = post("/api/v1/jobs", json(Map.of("name", "huge-spec", "runnerSpec", "x".repeat(60 * 1024))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        List<Map<String, Object>> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(Map.of("name", "t" + i, "job", "huge-spec"));
        }
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "huge-plan", "stages", List.of(
                Map.of("name", "all", "parallel", true, "tasks", tasks)))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        int jobTasksBefore = get("/api/v1/job-tasks?size=1").json().path("total").asInt();
        int runsBefore = get("/api/v1/pipeline-tasks?size=1").json().path("total").asInt();

        Response run = post("/api/v1/pipelines/" + pipeline.json().path("id").asString() + "/runs", "{}");

        assertThat(run.status()).as(run.body()).isEqualTo(400);
        assertThat(run.json().path("detail").asString()).contains("too large to announce",
                "at most 1000000 bytes");
        assertThat(get("/api/v1/job-tasks?size=1").json().path("total").asInt()).isEqualTo(jobTasksBefore);
        assertThat(get("/api/v1/pipeline-tasks?size=1").json().path("total").asInt()).isEqualTo(runsBefore);
    }

    private static JobTaskStatusReported fromRunner(JobTaskStatusReported report) {
        report.setRunner("LOCAL@build-host");
        report.setAttempt(1);
        return report;
    }

    @Test
    void aPersonCancelsOneJobTaskAndItIsCancelingUntilItsRunnerSaysItStopped() {
        String ptId = run(definePipeline("cancel-one"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));

        Response canceling = post("/api/v1/job-tasks/" + jtId + "/cancel", json(Map.of("reason", "wrong branch")));
        assertThat(canceling.status()).as(canceling.body()).isEqualTo(202);
        assertThat(canceling.json().path("stage").asString()).isEqualTo("CANCELING");
        assertThat(canceling.json().path("message").asString()).startsWith("canceled by ").endsWith(": wrong branch");
        assertThat(post("/api/v1/job-tasks/" + jtId + "/cancel", "{}").status()).as("asked again").isEqualTo(202);
        // the job had started before the cancel reached its runner: no news
        assertThat(call("POST", "/api/v1/job-tasks/" + jtId + "/status", json(Map.of("stage", "ACTIVE")), token)
                .json().path("stage").asString()).isEqualTo("CANCELING");
        assertThat(call("POST", "/api/v1/job-tasks/" + jtId + "/status", json(Map.of("stage", "CANCELED")), token)
                .json().path("stage").asString()).isEqualTo("CANCELED");

        List<JobTaskStatusChanged> changes;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            changes = changesOf(events.await(rs -> changesOf(rs, jtId).size() >= 2), jtId);
        }
        assertThat(changes).extracting(c -> c.getPreviousStage() + "->" + c.getStage())
                .containsExactly("PENDING->CANCELING", "CANCELING->CANCELED");
        Response ended = post("/api/v1/job-tasks/" + jtId + "/cancel", "{}");
        assertThat(ended.status()).isEqualTo(409);
        assertThat(ended.json().path("detail").asString()).contains("ended already");
    }

    @Test
    void aRunnerProvesItHoldsTheTokenWithoutSendingItAndAProofServesOneReportOnly() {
        String ptId = run(definePipeline("proof"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        String activeProof = ReportProofs.prove(token, "p-1", jtId, "ACTIVE");

        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, report(jtId, ptId, activeProof, "p-1", Stage.ACTIVE, Map.of()));
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, report(jtId, ptId, activeProof, "p-2", Stage.FAILED, Map.of()));

        try (TopicReader dlt = new TopicReader(Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX)) {
            ConsumerRecord<String, byte[]> dead = dlt.await(rs -> rs.stream().anyMatch(r -> ptId.equals(r.key())))
                    .stream().filter(r -> ptId.equals(r.key())).findFirst().orElseThrow();
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("BAD_TOKEN");
        }
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("stage").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void aReportWithAWrongTokenGoesToTheDeadLetterTopicAndChangesNothing() {
        String ptId = run(definePipeline("forged"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();

        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, report(jtId, ptId, "not-the-token", "r-x", Stage.ACTIVE, Map.of()));
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId,
                report(jtId, ptId, compile.getUpdateToken(), "r-y", Stage.ACTIVE, Map.of()));

        try (TopicReader dlt = new TopicReader(Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX)) {
            List<ConsumerRecord<String, byte[]>> dead = dlt.await(rs -> rs.stream()
                    .filter(r -> ptId.equals(r.key())).count() >= 2);
            List<ConsumerRecord<String, byte[]>> ofRun = dead.stream().filter(r -> ptId.equals(r.key())).toList();
            assertThat(header(ofRun.get(0), "kafka_dlt-exception-message")).contains("BAD_TOKEN");
            assertThat(header(ofRun.get(1), "kafka_dlt-exception-message")).contains("BAD_TOKEN");
        }
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("stage").asString()).isEqualTo("PENDING");
    }

    @Test
    void aReportWithoutTheEnginesMacCountsByItsTokenButOneWhoseMacDoesNotVerifyIsDeadLetteredAndChangesNothing() {
        String ptId = run(definePipeline("report-mac"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(jtId, 1));
        SignedRecords anotherEngine = new SignedRecords(
                RecordMac.ofSecretKey("HxwdGhsYGRYXFBUSExAREA8ODQwLCgkIBwYFBAMCAQA="), List.of());

        // Even the right token does not carry a report whose MAC is another key's: it claims to be the engine's.
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, report(jtId, ptId, token, "r-forged", Stage.FAILED, Map.of()),
                anotherEngine);
        // A user's controller reports without a MAC, and its token is what counts.
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, report(jtId, ptId, token, "r-user", Stage.ACTIVE, Map.of()));

        try (TopicReader dlt = new TopicReader(Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX)) {
            ConsumerRecord<String, byte[]> dead = dlt.await(rs -> rs.stream().anyMatch(r -> ptId.equals(r.key())))
                    .stream().filter(r -> ptId.equals(r.key())).findFirst().orElseThrow();
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("mflow-mac header does not verify");
        }
        List<JobTaskStatusChanged> changes;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            changes = changesOf(events.await(rs -> !changesOf(rs, jtId).isEmpty()), jtId);
        }
        assertThat(changes).extracting(JobTaskStatusChanged::getStage).containsExactly(Stage.ACTIVE);
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("stage").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void garbageOnTheReportsTopicGoesToTheDeadLetterTopicAndTheNextReportIsStillApplied() {
        String ptId = run(definePipeline("garbage"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        byte[] garbage = "this is not avro".getBytes(StandardCharsets.UTF_8);

        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, garbage);
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId,
                report(jtId, ptId, SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1)), "r-1", Stage.ACTIVE, Map.of()));

        try (TopicReader dlt = new TopicReader(Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX)) {
            ConsumerRecord<String, byte[]> dead = dlt.await(rs -> rs.stream().anyMatch(r -> ptId.equals(r.key())))
                    .stream().filter(r -> ptId.equals(r.key())).findFirst().orElseThrow();
            assertThat(dead.value()).isEqualTo(garbage);
        }
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            events.await(rs -> !changesOf(rs, jtId).isEmpty());
        }
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("stage").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void aCancelAsksTheRunToStopAndAConclusionFinishesIt() {
        String ptId = run(definePipeline("cancel"));

        Response cancel = post("/api/v1/pipeline-tasks/" + ptId + "/cancel", null);
        assertThat(cancel.status()).isEqualTo(202);
        assertThat(cancel.json().path("stage").asString()).isEqualTo("CANCELING");

        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, PipelineTaskStatusReported.newBuilder()
                .setReportId("pr-1").setPipelineTaskId(ptId).setStage(Stage.CANCELED).setMessage("stopped")
                .setReportedAt(Instant.now()).build());

        List<PipelineTaskStatusChanged> changes;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            changes = runChangesOf(events.await(rs -> runChangesOf(rs, ptId).size() >= 3), ptId);
        }
        assertThat(changes).extracting(PipelineTaskStatusChanged::getStage)
                .containsExactly(Stage.ACTIVE, Stage.CANCELING, Stage.CANCELED);
        assertThat(changes.get(1).getPreviousStage()).isEqualTo(Stage.ACTIVE);
        Response run = get("/api/v1/pipeline-tasks/" + ptId);
        assertThat(run.json().path("stage").asString()).isEqualTo("CANCELED");
        assertThat(run.json().path("finishedAt").isNull()).isFalse();

        Response again = post("/api/v1/pipeline-tasks/" + ptId + "/cancel", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("detail").asString()).contains("CANCELED", "CANCELING");
    }

    @Test
    void aTaskThatFailedItsRunAloneIsRetriedInANewAttemptAndTheRunResumes() {
        String ptId = run(definePipeline("retry"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        call("POST", "/api/v1/job-tasks/" + jtId + "/status", json(Map.of("stage", "FAILED", "message", "exit 1")),
                token);

        Response early = post("/api/v1/job-tasks/" + jtId + "/retry", "{}");
        assertThat(early.status()).as("the run has not failed yet").isEqualTo(409);
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, PipelineTaskStatusReported.newBuilder()
                .setReportId("pr-failed").setPipelineTaskId(ptId).setStage(Stage.FAILED).setMessage("compile failed")
                .setReportedAt(Instant.now()).build());
        eventually(() -> get("/api/v1/pipeline-tasks/" + ptId).json().path("stage").asString().equals("FAILED"));

        assertThat(post("/api/v1/job-tasks/" + jtId + "/retry", json(Map.of("params",
                List.of(Map.of("name", "REGION", "value", "us"))))).status()).as("read-only").isEqualTo(400);
        Response retried = post("/api/v1/job-tasks/" + jtId + "/retry", json(Map.of("reason", "mirror is back",
                "params", List.of(Map.of("name", "GOAL", "value", "again"), Map.of("name", "PASSWORD", "value", "s2")))));
        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().path("stage").asString()).isEqualTo("PENDING");
        assertThat(retried.json().path("attempt").asInt()).isEqualTo(2);
        assertThat(retried.json().path("attempts").get(0).path("stage").asString()).isEqualTo("FAILED");
        assertThat(retried.json().path("attempts").get(0).path("retryReason").asString()).isEqualTo("mirror is back");
        assertThat(retried.body()).doesNotContain("s2\"");

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            records = events.await(rs -> changesOf(rs, jtId).stream().anyMatch(c -> c.getAttempt() == 2));
        }
        JobTaskRetried retry = records.stream().map(TopicReader::decode).filter(JobTaskRetried.class::isInstance)
                .map(JobTaskRetried.class::cast).filter(r -> r.getJobTaskId().equals(jtId)).findFirst().orElseThrow();
        assertThat(retry.getAttempt()).isEqualTo(2);
        assertThat(retry.getParams().stream().filter(p -> p.getName().equals("GOAL")).findFirst().orElseThrow()
                .getValue()).isEqualTo("again");
        assertThat(SEALED.open(retry.getParams().stream().filter(p -> p.getName().equals("PASSWORD")).findFirst()
                .orElseThrow().getValue(), SealedPlace.jobTaskParam(jtId, "PASSWORD"))).isEqualTo("s2");

        // a late report of the first attempt changes nothing; the second attempt's reports count
        String secondToken = SEALED.open(retry.getUpdateToken(), SealedPlace.updateToken(jtId, 2));
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder(
                report(jtId, ptId, token, "late-1", Stage.ACTIVE, Map.of())).setAttempt(1).build());
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder(
                report(jtId, ptId, secondToken, "r2-active", Stage.ACTIVE, Map.of())).setAttempt(2).build());
        eventually(() -> get("/api/v1/job-tasks/" + jtId).json().path("stage").asString().equals("ACTIVE"));
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("attempts").size()).isEqualTo(2);
    }

    /**
     * A lost agent or a leftover Kubernetes Secret still holds the first attempt's token after a retry: it reports on
     * nothing more, over REST (401) or Kafka (dead-lettered with the reason), whichever attempt it names, while the
     * token the retry issued works.
     */
    @Test
    void aRetryIssuesANewTokenAndTheEndedAttemptsTokenReportsOnNothingMore() {
        String ptId = run(definePipeline("token-per-attempt"));
        TaskPlan compile = firstTask(planOf(ptId));
        String jtId = compile.getJobTaskId();
        String firstToken = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(jtId, 1));
        assertThat(call("POST", "/api/v1/job-tasks/" + jtId + "/status",
                json(Map.of("stage", "FAILED", "message", "exit 1")), firstToken).status()).isEqualTo(200);
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, PipelineTaskStatusReported.newBuilder()
                .setReportId("pr-failed").setPipelineTaskId(ptId).setStage(Stage.FAILED).setMessage("compile failed")
                .setReportedAt(Instant.now()).build());
        eventually(() -> get("/api/v1/pipeline-tasks/" + ptId).json().path("stage").asString().equals("FAILED"));
        assertThat(post("/api/v1/job-tasks/" + jtId + "/retry", "{}").status()).isEqualTo(202);

        JobTaskRetried retry;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            retry = events.await(rs -> rs.stream().map(TopicReader::decode).anyMatch(r -> r instanceof JobTaskRetried
                            && ((JobTaskRetried) r).getJobTaskId().equals(jtId)))
                    .stream().map(TopicReader::decode).filter(JobTaskRetried.class::isInstance)
                    .map(JobTaskRetried.class::cast).filter(r -> r.getJobTaskId().equals(jtId)).findFirst().orElseThrow();
        }
        assertThatThrownBy(() -> SEALED.open(retry.getUpdateToken(), SealedPlace.updateToken(jtId, 1)))
                .as("sealed for the second attempt alone").isInstanceOf(IllegalArgumentException.class);
        String secondToken = SEALED.open(retry.getUpdateToken(), SealedPlace.updateToken(jtId, 2));
        assertThat(secondToken).isNotEqualTo(firstToken);
        assertThat(SEALED.open(retry.getParams().stream().filter(p -> p.getName().equals("JOB_TASK_UPDATE_TOKEN"))
                .findFirst().orElseThrow().getValue(), SealedPlace.jobTaskParam(jtId, "JOB_TASK_UPDATE_TOKEN")))
                .as("the job of the second attempt is given its token").isEqualTo(secondToken);

        Response rest = call("POST", "/api/v1/job-tasks/" + jtId + "/status",
                json(Map.of("stage", "ACTIVE", "message", "I am the lost agent")), firstToken);
        assertThat(rest.status()).as(rest.body()).isEqualTo(401);
        assertThat(rest.body()).doesNotContain(firstToken);
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder(
                report(jtId, ptId, firstToken, "old-plain", Stage.ACTIVE, Map.of())).setAttempt(2).build());
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder(
                report(jtId, ptId, ReportProofs.prove(firstToken, "old-proof", jtId, "SUCCEEDED"), "old-proof",
                        Stage.SUCCEEDED, Map.of())).build());
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, JobTaskStatusReported.newBuilder(
                report(jtId, ptId, secondToken, "names-attempt-1", Stage.SUCCEEDED, Map.of())).setAttempt(1).build());
        try (TopicReader dlt = new TopicReader(Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX)) {
            List<ConsumerRecord<String, byte[]>> dead = dlt.await(rs -> rs.stream()
                    .filter(r -> ptId.equals(r.key())).count() == 3).stream().filter(r -> ptId.equals(r.key())).toList();
            assertThat(dead).extracting(r -> ((JobTaskStatusReported) TopicReader.decode(r)).getReportId())
                    .containsExactlyInAnyOrder("old-plain", "old-proof", "names-attempt-1");
            assertThat(dead).allSatisfy(r -> assertThat(header(r, "kafka_dlt-exception-message"))
                    .contains("BAD_TOKEN").doesNotContain(firstToken).doesNotContain(secondToken));
            assertThat(dead.stream().map(r -> header(r, "kafka_dlt-exception-message")))
                    .anySatisfy(m -> assertThat(m).contains("attempt 2 is the current one"))
                    .anySatisfy(m -> assertThat(m).contains("not of attempt 1 the report names"));
        }
        JsonNode unchanged = get("/api/v1/job-tasks/" + jtId).json();
        assertThat(unchanged.path("stage").asString()).isEqualTo("PENDING");
        assertThat(unchanged.path("attempt").asInt()).isEqualTo(2);

        Response current = call("POST", "/api/v1/job-tasks/" + jtId + "/status",
                json(Map.of("stage", "ACTIVE", "message", "attempt 2 runs")), secondToken);
        assertThat(current.status()).as(current.body()).isEqualTo(200);
        assertThat(get("/api/v1/job-tasks/" + jtId).json().path("stage").asString()).isEqualTo("ACTIVE");
    }


    @Test
    void pipelineServicesConclusionSucceedsTheRunOnce() {
        String ptId = run(definePipeline("conclude"));
        PipelineTaskStatusReported succeeded = PipelineTaskStatusReported.newBuilder()
                .setReportId("pr-ok").setPipelineTaskId(ptId).setStage(Stage.SUCCEEDED).setMessage("all done")
                .setReportedAt(Instant.now()).build();
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, succeeded);
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, succeeded);

        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            events.await(rs -> runChangesOf(rs, ptId).size() >= 2);
            List<PipelineTaskStatusChanged> changes = runChangesOf(events.readFor(Duration.ofMillis(700)), ptId);
            assertThat(changes).extracting(PipelineTaskStatusChanged::getStage)
                    .containsExactly(Stage.ACTIVE, Stage.SUCCEEDED);
            assertThat(changes.get(1).getMessage()).isEqualTo("all done");
        }
        Response run = get("/api/v1/pipeline-tasks/" + ptId);
        assertThat(run.json().path("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.json().path("message").asString()).isEqualTo("all done");
    }

    private static JobTaskStatusReported report(String jtId, String ptId, String token, String reportId, Stage stage,
                                                Map<String, String> outputs) {
        return JobTaskStatusReported.newBuilder().setReportId(reportId).setJobTaskId(jtId).setPipelineTaskId(ptId)
                .setUpdateToken(token).setStage(stage).setMessage(stage.name().toLowerCase()).setOutputs(outputs)
                .setReportedAt(Instant.now()).build();
    }

    private static List<ConsumerRecord<String, byte[]>> ofRun(List<ConsumerRecord<String, byte[]>> records,
                                                              String ptId) {
        return records.stream().filter(r -> ptId.equals(r.key())).toList();
    }

    private static List<JobTaskStatusChanged> changesOf(List<ConsumerRecord<String, byte[]>> records, String jtId) {
        return records.stream().map(TopicReader::decode)
                .filter(v -> v instanceof JobTaskStatusChanged c && c.getJobTaskId().equals(jtId))
                .map(JobTaskStatusChanged.class::cast).toList();
    }

    /**
     * The run's changes as a consumer sees them: once each. The relay may send a record twice (a send it could not
     * confirm in time is sent again, with the same event id), and consumers drop the copy by its id.
     */
    private static List<PipelineTaskStatusChanged> runChangesOf(List<ConsumerRecord<String, byte[]>> records,
                                                                String ptId) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return ofRun(records, ptId).stream().map(TopicReader::decode)
                .filter(PipelineTaskStatusChanged.class::isInstance)
                .map(PipelineTaskStatusChanged.class::cast)
                .filter(change -> seen.add(change.getEventId())).toList();
    }

    private static Map<String, RunParam> byName(List<RunParam> params) {
        return params.stream().collect(java.util.stream.Collectors.toMap(RunParam::getName, p -> p));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}

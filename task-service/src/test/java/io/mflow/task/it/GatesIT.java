package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.GateKind;
import io.mflow.schemas.common.GateStage;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskTurnCame;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Audits and confirmations through the REST API and the topics, with real users and their tokens. */
class GatesIT extends TaskServiceHarness {

    /** A pipeline of one task that alice and bob audit (two approvals) and carol confirms. */
    private String gatedPipeline(String prefix, Map<String, Object> audit) {
        Response job = post("/api/v1/jobs", json(Map.of("name", prefix + "-deploy", "runnerSpec", "echo deploy")));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", prefix + "-cd", "stages", List.of(
                Map.of("name", "prod", "tasks", List.of(Map.of("name", "deploy", "job", prefix + "-deploy",
                        "audit", audit, "confirm", Map.of("checkers", List.of("carol")))))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.json().path("stages").get(0).path("tasks").get(0).path("audit").path("auditors").size())
                .isEqualTo(((List<?>) audit.get("auditors")).size());
        return pipeline.json().path("id").asString();
    }

    private Response decide(String jobTaskId, String gate, String token, String decision, String comment) {
        return call("POST", "/api/v1/job-tasks/" + jobTaskId + "/" + gate,
                json(comment == null ? Map.of("decision", decision) : Map.of("decision", decision, "comment", comment)),
                token);
    }

    @Test
    void onlyListedAuditorsDecideAndTwoOfThemMustApprove() {
        String alice = userWithToken("alice", "VIEWER");
        String bob = userWithToken("bob", "VIEWER");
        String mallory = userWithToken("mallory", "DEVELOPER");
        String ptId = run(gatedPipeline("two-of", Map.of("auditors", List.of("alice", "bob"), "approvals", 2)));
        TaskPlan deploy = firstTask(planOf(ptId));
        assertThat(deploy.getAudited()).isTrue();
        assertThat(deploy.getConfirmed()).isTrue();
        String jt = deploy.getJobTaskId();

        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, new JobTaskTurnCame(jt + ":turn", ptId, jt, Instant.now()));
        List<JobTaskGateChanged> waiting = gateChangesOf(jt, 1);
        assertThat(waiting.get(0).getGate()).isEqualTo(GateKind.AUDIT);
        assertThat(waiting.get(0).getStage()).isEqualTo(GateStage.WAITING);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("audit").path("stage").asString()).isEqualTo("WAITING");
        assertThat(waitingFor("alice")).contains(jt);
        assertThat(waitingFor("mallory")).doesNotContain(jt);

        Response outsider = decide(jt, "audit", mallory, "PASS", null);
        assertThat(outsider.status()).as(outsider.body()).isEqualTo(403);
        assertThat(outsider.json().path("detail").asString()).contains("not among the auditors", "alice");
        assertThat(decide(jt, "audit", alice, "DENY", null).status()).isEqualTo(400);
        assertThat(decide(jt, "audit", alice, "MAYBE", null).status()).isEqualTo(400);

        Response first = decide(jt, "audit", alice, "PASS", "looks good");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("audit").path("stage").asString()).isEqualTo("WAITING");
        assertThat(decide(jt, "audit", alice, "PASS", null).status()).isEqualTo(409);

        Response second = decide(jt, "audit", bob, "PASS", null);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("audit").path("stage").asString()).isEqualTo("PASS");
        assertThat(second.json().path("audit").path("decisions").size()).isEqualTo(2);
        assertThat(second.json().path("audit").path("decisions").get(0).path("by").asString()).isEqualTo("alice");
        assertThat(second.json().path("audit").path("decisions").get(0).path("comment").asString()).isEqualTo("looks good");
        // every decision is announced, the one that opens the gate with it
        List<JobTaskGateChanged> changes = gateChangesOf(jt, 3);
        assertThat(changes).extracting(JobTaskGateChanged::getStage)
                .containsExactly(GateStage.WAITING, GateStage.WAITING, GateStage.PASS);
        assertThat(changes.get(1).getDecisions()).extracting(d -> d.getBy()).containsExactly("alice");
        assertThat(changes.get(2).getDecisions()).hasSize(2);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("stage").asString()).isEqualTo("PENDING");
        assertThat(waitingFor("alice")).doesNotContain(jt);
        assertThat(get("/api/v1/job-tasks?auditor=alice&auditStage=PASS").json().path("items").toString()).contains(jt);
        assertThat(get("/api/v1/job-tasks?auditStage=SOON").status()).isEqualTo(400);
    }

    /** The ids of the job tasks waiting for this auditor, as their listing gives them. */
    private List<String> waitingFor(String auditor) {
        Response listed = get("/api/v1/job-tasks?auditor=" + auditor + "&auditStage=WAITING&size=100");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        listed.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    @Test
    void whoStartedARunMayNotApproveItButMayDenyIt() {
        String dave = userWithToken("dave", "DEVELOPER");
        String pipelineId = gatedPipeline("four-eyes", Map.of("auditors", List.of("dave", "erin")));
        Response run = call("POST", "/api/v1/pipelines/" + pipelineId + "/runs", "{}", dave);
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String jt = firstTask(planOf(run.json().path("id").asString())).getJobTaskId();

        Response self = decide(jt, "audit", dave, "PASS", null);
        assertThat(self.status()).as(self.body()).isEqualTo(403);
        assertThat(self.json().path("detail").asString()).contains("four eyes");

        Response denied = decide(jt, "audit", dave, "DENY", "wrong branch");
        assertThat(denied.status()).as(denied.body()).isEqualTo(200);
        assertThat(denied.json().path("stage").asString()).isEqualTo("FAILED");
        assertThat(denied.json().path("message").asString()).isEqualTo("audit denied by dave: wrong branch");
        List<JobTaskStatusChanged> failed = statusChangesOf(jt, 1);
        assertThat(failed.get(0).getPreviousStage()).isEqualTo(Stage.PENDING);
        assertThat(failed.get(0).getStage()).isEqualTo(Stage.FAILED);
        assertThat(decide(jt, "audit", dave, "DENY", "again").status()).isEqualTo(409);
    }

    @Test
    void aDeniedTaskCannotBeSkippedPastItsAuditorsByWhoeverStartedIt() {
        String ivan = userWithToken("ivan", "DEVELOPER");
        String judy = userWithToken("judy", "VIEWER");
        String pipelineId = gatedPipeline("no-way-around", Map.of("auditors", List.of("judy")));
        Response run = call("POST", "/api/v1/pipelines/" + pipelineId + "/runs", "{}", ivan);
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String jt = firstTask(planOf(run.json().path("id").asString())).getJobTaskId();
        assertThat(decide(jt, "audit", judy, "DENY", "not this release").status()).isEqualTo(200);

        Response skipped = call("POST", "/api/v1/job-tasks/" + jt + "/skip", "{\"reason\": \"ship it anyway\"}",
                ivan);

        assertThat(skipped.status()).as(skipped.body()).isEqualTo(403);
        assertThat(skipped.json().path("detail").asString()).contains("only one of its auditors (judy)");
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("stage").asString()).isEqualTo("FAILED");
    }

    @Test
    void aPreApprovalIsKeptAndTheTaskDoesNotWaitWhenItsTurnComes() {
        String frank = userWithToken("frank", "VIEWER");
        String ptId = run(gatedPipeline("pre", Map.of("auditors", List.of("frank"))));
        String jt = firstTask(planOf(ptId)).getJobTaskId();

        assertThat(decide(jt, "audit", frank, "PASS", null).json().path("audit").path("stage").asString())
                .isEqualTo("PASS");
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, new JobTaskTurnCame(jt + ":turn", ptId, jt, Instant.now()));
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, ptId, new JobTaskTurnCame(jt + ":turn", ptId, jt, Instant.now()));
        List<JobTaskGateChanged> changes = gateChangesOf(jt, 1);
        assertThat(changes).extracting(JobTaskGateChanged::getStage).containsExactly(GateStage.PASS);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("audit").path("stage").asString()).isEqualTo("PASS");
    }

    @Test
    void aTaskWaitingForItsAuditCannotBeReportedRunningAndAResultWaitsForItsChecker() {
        String gina = userWithToken("gina", "VIEWER");
        String carol = userWithToken("carol", "VIEWER");
        String ptId = run(gatedPipeline("confirm", Map.of("auditors", List.of("gina"))));
        TaskPlan deploy = firstTask(planOf(ptId));
        String jt = deploy.getJobTaskId();
        String token = SEALED.open(deploy.getUpdateToken(), SealedPlace.updateToken(deploy.getJobTaskId(), 1));

        Response early = call("POST", "/api/v1/job-tasks/" + jt + "/status", json(Map.of("stage", "ACTIVE")), token);
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.json().path("detail").asString()).contains("waits for its audit");
        assertThat(decide(jt, "confirm", carol, "PASS", null).status()).isEqualTo(409);

        assertThat(decide(jt, "audit", gina, "PASS", null).status()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/job-tasks/" + jt + "/status", json(Map.of("stage", "ACTIVE")), token)
                .status()).isEqualTo(200);
        Response ended = call("POST", "/api/v1/job-tasks/" + jt + "/status", json(Map.of("stage", "SUCCEEDED")), token);
        assertThat(ended.json().path("confirm").path("stage").asString()).isEqualTo("WAITING");
        assertThat(ended.json().path("confirm").path("checkers").toString()).isEqualTo("[\"carol\"]");

        assertThat(decide(jt, "confirm", gina, "PASS", null).status()).isEqualTo(403);
        Response confirmed = decide(jt, "confirm", carol, "DENY", "the canary is red");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().path("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(confirmed.json().path("confirm").path("stage").asString()).isEqualTo("DENY");
        List<JobTaskGateChanged> changes = gateChangesOf(jt, 3);
        assertThat(changes).extracting(c -> c.getGate() + ":" + c.getStage())
                .containsExactly("AUDIT:PASS", "CONFIRM:WAITING", "CONFIRM:DENY");
        assertThat(changes.get(2).getDecisions().get(0).getComment()).isEqualTo("the canary is red");
        assertThat(decide(jt, "confirm", carol, "PASS", null).status()).isEqualTo(409);
    }

    @Test
    void aGateNeedsPeopleAndApprovalsTheyCanGive() {
        post("/api/v1/jobs", json(Map.of("name", "shape-deploy", "runnerSpec", "true")));
        Response none = post("/api/v1/pipelines", json(Map.of("name", "shape-cd", "stages", List.of(Map.of(
                "name", "prod", "tasks", List.of(Map.of("name", "deploy", "job", "shape-deploy",
                        "audit", Map.of("auditors", List.of(), "approvals", 1))))))));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().path("detail").asString()).contains("at least one auditor");
        Response tooMany = post("/api/v1/pipelines", json(Map.of("name", "shape-cd", "stages", List.of(Map.of(
                "name", "prod", "tasks", List.of(Map.of("name", "deploy", "job", "shape-deploy",
                        "confirm", Map.of("checkers", List.of("carol"), "approvals", 2))))))));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("detail").asString()).contains("approvals");
        assertThat(get("/api/v1/pipelines").json().path("items").toString()).doesNotContain("shape-cd");
    }

    @Test
    void aDryRunPassesItsGatesSayingWhomItWouldHaveWaitedFor() {
        String pipelineId = gatedPipeline("dry", Map.of("auditors", List.of("alice", "bob")));
        Response run = post("/api/v1/pipelines/" + pipelineId + "/runs", json(Map.of("dryRun", true)));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String jt = firstTask(planOf(run.json().path("id").asString())).getJobTaskId();
        Response task = get("/api/v1/job-tasks/" + jt);
        assertThat(task.json().path("audit").path("stage").asString()).isEqualTo("PASS");
        assertThat(task.json().path("audit").path("note").asString()).isEqualTo("dry run: would wait for alice, bob");
        assertThat(task.json().path("confirm").path("note").asString()).isEqualTo("dry run: would wait for carol");
    }

    private List<JobTaskGateChanged> gateChangesOf(String jobTaskId, int atLeast) {
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            return events.await(rs -> ofType(rs, jobTaskId, JobTaskGateChanged.class).size() >= atLeast).stream()
                    .map(TopicReader::decode).filter(JobTaskGateChanged.class::isInstance)
                    .map(JobTaskGateChanged.class::cast).filter(c -> c.getJobTaskId().equals(jobTaskId)).toList();
        }
    }

    private List<JobTaskStatusChanged> statusChangesOf(String jobTaskId, int atLeast) {
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            return events.await(rs -> ofType(rs, jobTaskId, JobTaskStatusChanged.class).size() >= atLeast).stream()
                    .map(TopicReader::decode).filter(JobTaskStatusChanged.class::isInstance)
                    .map(JobTaskStatusChanged.class::cast).filter(c -> c.getJobTaskId().equals(jobTaskId)).toList();
        }
    }

    private static List<Object> ofType(List<ConsumerRecord<String, byte[]>> records, String jobTaskId, Class<?> type) {
        return records.stream().map(TopicReader::decode).filter(type::isInstance)
                .filter(r -> r.toString().contains(jobTaskId)).map(Object.class::cast).toList();
    }
}

package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.GateKind;
import io.mflow.schemas.common.GateStage;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskRetried;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskTurnCame;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.ParamsDigest;
import io.mflow.task.domain.RunParam;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
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

    /** A job whose every run waits for {@code audit}; the job shows it. */
    private void auditedJob(String name, Map<String, Object> audit) {
        Response job = post("/api/v1/jobs", json(Map.of("name", name, "runnerSpec", "echo $MODE", "audit", audit,
                "params", List.of(Map.of("name", "MODE", "value", "safe")))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.json().path("audit").path("auditors").toString())
                .isEqualTo(JSON.valueToTree(audit.get("auditors")).toString());
        assertThat(get("/api/v1/jobs/" + job.json().path("id").asString()).json().path("audit").path("approvals")
                .asInt()).isEqualTo(audit.getOrDefault("approvals", 1));
    }

    /** A runner's report on the task, with its update token. */
    private Response report(String jobTaskId, String token, String stage) {
        return call("POST", "/api/v1/job-tasks/" + jobTaskId + "/status", json(Map.of("stage", stage)), token);
    }

    private JobTaskCreated createdOf(String jobTaskId) {
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            return events.await(rs -> rs.stream().anyMatch(r -> jobTaskId.equals(r.key()))).stream()
                    .filter(r -> jobTaskId.equals(r.key())).map(TopicReader::decode)
                    .filter(JobTaskCreated.class::isInstance).map(JobTaskCreated.class::cast).findFirst().orElseThrow();
        }
    }

    @Test
    void aJobsAuditIsValidatedLikeAnyGate() {
        Response none = post("/api/v1/jobs", json(Map.of("name", "audit-shape", "runnerSpec", "true",
                "audit", Map.of("auditors", List.of()))));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().path("detail").asString()).contains("at least one auditor");
        Response tooMany = post("/api/v1/jobs", json(Map.of("name", "audit-shape", "runnerSpec", "true",
                "audit", Map.of("auditors", List.of("ken"), "approvals", 2))));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("detail").asString()).contains("approvals");
        Response crowd = post("/api/v1/jobs", json(Map.of("name", "audit-shape", "runnerSpec", "true",
                "audit", Map.of("auditors", java.util.stream.IntStream.range(0, 101).mapToObj(i -> "u" + i).toList()))));
        assertThat(crowd.status()).isEqualTo(400);
        assertThat(crowd.json().path("detail").asString()).contains("audit.auditors");
        assertThat(get("/api/v1/jobs?size=100").json().path("items").toString()).doesNotContain("audit-shape");
        Response docs = get("/v3/api-docs");
        assertThat(docs.json().path("components").path("schemas").path("JobRequest").path("properties")
                .has("audit")).as("the job's audit is part of the OpenAPI document").isTrue();
        assertThat(docs.json().path("components").path("schemas").path("JobResponse").path("properties")
                .has("audit")).isTrue();
    }

    @Test
    void aSingleRunOfAnAuditedJobWaitsForTheJobsAuditorsThoughItAsksForNoAudit() {
        String ken = userWithToken("ken", "VIEWER");
        String leo = userWithToken("leo", "DEVELOPER");
        auditedJob("audited-single", Map.of("auditors", List.of("ken")));

        Response run = call("POST", "/api/v1/job-tasks", json(Map.of("job", "audited-single")), leo);
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String jt = run.json().path("id").asString();
        assertThat(run.json().path("audit").path("auditors").toString()).isEqualTo("[\"ken\"]");
        JobTaskCreated created = createdOf(jt);
        assertThat(created.getAudited()).as("pipeline-service holds its RunJob for the audit").isTrue();
        String token = tokenOf(jt, 1);

        Response early = report(jt, token, "ACTIVE");
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.json().path("detail").asString()).contains("waits for its audit");
        assertThat(decide(jt, "audit", leo, "PASS", null).status()).as("leo is no auditor of the job").isEqualTo(403);

        assertThat(decide(jt, "audit", ken, "PASS", null).status()).isEqualTo(200);
        assertThat(report(jt, token, "ACTIVE").status()).isEqualTo(200);
    }

    @Test
    void aPipelineTaskDeclaringAWeakerAuditStillWaitsForItsJobs() {
        String alice = userWithToken("alma", "VIEWER");
        String bob = userWithToken("bert", "VIEWER");
        String mallory = userWithToken("mona", "VIEWER");
        auditedJob("audited-deploy", Map.of("auditors", List.of("alma", "bert"), "approvals", 2));
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "weaker-cd", "stages", List.of(
                Map.of("name", "prod", "tasks", List.of(
                        Map.of("name", "deploy", "job", "audited-deploy",
                                "audit", Map.of("auditors", List.of("mona"), "approvals", 1)),
                        Map.of("name", "again", "job", "audited-deploy")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        PipelineTaskCreated plan = planOf(run(pipeline.json().path("id").asString()));
        TaskPlan deploy = plan.getStages().get(0).getTasks().get(0);
        TaskPlan again = plan.getStages().get(0).getTasks().get(1);
        assertThat(deploy.getAudited()).isTrue();
        assertThat(again.getAudited()).as("a task that declares no audit has its job's").isTrue();
        String jt = deploy.getJobTaskId();
        String token = tokenOf(jt, 1);
        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, plan.getPipelineTaskId(),
                new JobTaskTurnCame(jt + ":turn", plan.getPipelineTaskId(), jt, Instant.now()));
        gateChangesOf(jt, 1);

        assertThat(decide(jt, "audit", mallory, "PASS", null).json().path("audit").path("stage").asString())
                .isEqualTo("WAITING");
        Response one = decide(jt, "audit", alice, "PASS", null);
        assertThat(one.json().path("audit").path("stage").asString())
                .as("the task's auditor does not stand in for the job's second").isEqualTo("WAITING");
        assertThat(one.json().path("audit").path("quorums").toString()).contains("alma", "mona");
        assertThat(report(jt, token, "ACTIVE").status()).isEqualTo(409);

        assertThat(decide(jt, "audit", bob, "PASS", null).json().path("audit").path("stage").asString())
                .isEqualTo("PASS");
        assertThat(report(jt, token, "ACTIVE").status()).isEqualTo(200);
        assertThat(report(again.getJobTaskId(), tokenOf(again.getJobTaskId(), 1), "ACTIVE").status())
                .isEqualTo(409);
    }

    @Test
    void aRetryWithOtherParamsAfterApprovalWaitsAgainAndItsOldApprovalsDoNotStartIt() {
        String nina = userWithToken("nina", "VIEWER");
        String otto = userWithToken("otto", "DEVELOPER");
        auditedJob("audited-retry", Map.of("auditors", List.of("nina")));
        Response run = call("POST", "/api/v1/job-tasks", json(Map.of("job", "audited-retry")), otto);
        String jt = run.json().path("id").asString();
        JobTaskCreated created = createdOf(jt);
        String token = tokenOf(jt, 1);
        Response approved = decide(jt, "audit", nina, "PASS", "safe mode is fine");
        String approvedDigest = approved.json().path("audit").path("decisions").get(0).path("paramsDigest").asString();
        assertThat(approvedDigest).as("what the task runs with").isEqualTo(digestOf(created.getParams()));
        assertThat(report(jt, token, "ACTIVE").status()).isEqualTo(200);
        assertThat(report(jt, token, "FAILED").status()).isEqualTo(200);

        Response retried = call("POST", "/api/v1/job-tasks/" + jt + "/retry", json(Map.of("reason", "go faster",
                "params", List.of(Map.of("name", "MODE", "value", "yolo")))), otto);

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().path("audit").path("stage").asString()).isEqualTo("WAITING");
        assertThat(retried.json().path("audit").path("decisions").size()).isZero();
        assertThat(retried.json().path("audit").path("earlierDecisions").get(0).path("paramsDigest").asString())
                .isEqualTo(approvedDigest);
        String second = tokenOf(jt, 2); // a retry's attempt has its own token
        Response early = report(jt, second, "ACTIVE");
        assertThat(early.status()).as("the old approval does not start other params").isEqualTo(409);
        List<SpecificRecord> order = eventsOf(jt, JobTaskRetried.class);
        int asked = indexOf(order, r -> r instanceof JobTaskGateChanged g && g.getStage() == GateStage.WAITING
                && g.getDecisions().isEmpty());
        int retry = indexOf(order, JobTaskRetried.class::isInstance);
        assertThat(asked).as("the run's driver hears the audit waits before the retry").isBetween(0, retry - 1);
        JobTaskRetried retried2 = (JobTaskRetried) order.get(retry);

        Response again = decide(jt, "audit", nina, "PASS", null);
        assertThat(again.json().path("audit").path("stage").asString()).isEqualTo("PASS");
        String newDigest = again.json().path("audit").path("decisions").get(0).path("paramsDigest").asString();
        assertThat(newDigest).isNotEqualTo(approvedDigest).isEqualTo(digestOf(retried2.getParams()));
        assertThat(report(jt, second, "ACTIVE").status()).isEqualTo(200);
    }

    @Test
    void aRetryWithTheSameParamsKeepsItsApprovalAndARetryOfADeniedRunAsksAgain() {
        String pia = userWithToken("pia", "VIEWER");
        String quinn = userWithToken("quinn", "DEVELOPER");
        auditedJob("audited-same", Map.of("auditors", List.of("pia")));
        String jt = call("POST", "/api/v1/job-tasks", json(Map.of("job", "audited-same")), quinn).json()
                .path("id").asString();
        String token = tokenOf(jt, 1);
        decide(jt, "audit", pia, "PASS", null);
        report(jt, token, "ACTIVE");
        report(jt, token, "FAILED");

        Response same = call("POST", "/api/v1/job-tasks/" + jt + "/retry", json(Map.of("params",
                List.of(Map.of("name", "MODE", "value", "safe")))), quinn);
        assertThat(same.json().path("audit").path("stage").asString()).isEqualTo("PASS");
        assertThat(report(jt, tokenOf(jt, 2), "ACTIVE").status()).isEqualTo(200);

        String denied = call("POST", "/api/v1/job-tasks", json(Map.of("job", "audited-same")), quinn).json()
                .path("id").asString();
        assertThat(decide(denied, "audit", pia, "DENY", "not today").status()).isEqualTo(200);
        Response retried = call("POST", "/api/v1/job-tasks/" + denied + "/retry", "{}", quinn);
        assertThat(retried.json().path("audit").path("stage").asString()).isEqualTo("WAITING");
        assertThat(report(denied, tokenOf(denied, 2), "ACTIVE").status()).isEqualTo(409);
    }

    /** The digest of params as a runner gets them, computed the way an approval records it. */
    private static String digestOf(List<io.mflow.schemas.common.RunParam> params) {
        return ParamsDigest.of(params.stream().map(p -> new RunParam(p.getName(), p.getValue(), false,
                false, false, null)).toList());
    }

    /** The task's events on the topic in order, once one of {@code until} is among them. */
    /** The update token of an attempt: the first's from the task's creation, a retry's from its JobTaskRetried. */
    private String tokenOf(String jobTaskId, int attempt) {
        String sealed = attempt == 1 ? sealedFirstToken(jobTaskId)
                : eventsOf(jobTaskId, JobTaskRetried.class).stream().filter(JobTaskRetried.class::isInstance)
                        .map(JobTaskRetried.class::cast).filter(r -> r.getAttempt() == attempt).findFirst()
                        .orElseThrow().getUpdateToken();
        return SEALED.open(sealed, SealedPlace.updateToken(jobTaskId, attempt));
    }

    private String sealedFirstToken(String jobTaskId) {
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            return events.await(rs -> rs.stream().map(TopicReader::decode).anyMatch(r -> firstTokenIn(r, jobTaskId)
                    != null)).stream().map(TopicReader::decode).map(r -> firstTokenIn(r, jobTaskId))
                    .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
        }
    }

    /** The first attempt's sealed token: a job run on its own announces it created, a pipeline's task in its plan. */
    private static String firstTokenIn(SpecificRecord record, String jobTaskId) {
        if (record instanceof JobTaskCreated created && created.getJobTaskId().equals(jobTaskId)) {
            return created.getUpdateToken();
        }
        if (record instanceof PipelineTaskCreated plan) {
            return plan.getStages().stream().flatMap(st -> st.getTasks().stream())
                    .filter(t -> t.getJobTaskId().equals(jobTaskId)).map(TaskPlan::getUpdateToken).findFirst()
                    .orElse(null);
        }
        return null;
    }

    private List<SpecificRecord> eventsOf(String jobTaskId, Class<?> until) {
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            return events.await(rs -> rs.stream().filter(r -> jobTaskId.equals(r.key())).map(TopicReader::decode)
                            .anyMatch(until::isInstance)).stream()
                    .filter(r -> jobTaskId.equals(r.key())).map(TopicReader::decode).toList();
        }
    }

    private static int indexOf(List<SpecificRecord> records, java.util.function.Predicate<SpecificRecord> match) {
        for (int i = 0; i < records.size(); i++) {
            if (match.test(records.get(i))) {
                return i;
            }
        }
        return -1;
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

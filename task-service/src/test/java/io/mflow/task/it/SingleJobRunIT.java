package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.sealed.SealedPlace;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/** One job run on its own, outside any pipeline, through the REST API and the topics. */
class SingleJobRunIT extends TaskServiceHarness {

    private void job(String name) {
        Response job = post("/api/v1/jobs", json(Map.of("name", name, "runnerSpec", "echo $GOAL", "params", List.of(
                Map.of("name", "GOAL", "value", "test"),
                Map.of("name", "PASSWORD", "value", "hunter2-single", "sensitive", true),
                Map.of("name", "REGION", "value", "eu", "readOnly", true)))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
    }

    @Test
    void aJobRunOnItsOwnIsCreatedAndItsPlanIsAnnouncedUnderItsOwnId() {
        job("single-build");
        Response run = post("/api/v1/job-tasks", json(Map.of("job", "single-build",
                "params", List.of(Map.of("name", "GOAL", "value", "package")), "labels", Map.of("team", "core"),
                "audit", Map.of("auditors", List.of("alice")))));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String jt = run.json().path("id").asString();
        assertThat(jt).startsWith("jt-");
        assertThat(run.json().path("stage").asString()).isEqualTo("PENDING");
        assertThat(run.json().path("pipelineTaskId").isNull() || run.json().path("pipelineTaskId").isMissingNode())
                .isTrue();
        assertThat(run.json().path("labels").path("team").asString()).isEqualTo("core");
        assertThat(run.json().path("audit").path("stage").asString()).isEqualTo("PENDING");
        assertThat(run.json().path("triggeredBy").asString()).isNotBlank();
        assertThat(run.body()).doesNotContain("hunter2-single");

        ConsumerRecord<String, byte[]> record;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            record = events.await(rs -> rs.stream().anyMatch(r -> jt.equals(r.key()))).stream()
                    .filter(r -> jt.equals(r.key())).findFirst().orElseThrow();
        }
        JobTaskCreated created = (JobTaskCreated) TopicReader.decode(record);
        assertThat(created.getEventId()).isEqualTo(jt + ":created");
        assertThat(created.getAudited()).isTrue();
        assertThat(created.getLabels()).containsEntry("team", "core");
        Map<String, String> params = new java.util.HashMap<>();
        for (RunParam p : created.getParams()) {
            params.put(p.getName(), p.getValue());
        }
        assertThat(params).containsEntry("GOAL", "package").containsEntry("REGION", "eu")
                .containsEntry("JOB_TASK_ID", jt).containsEntry("JOB_NAME", "single-build")
                .doesNotContainKeys("PIPELINE_TASK_ID", "PIPELINE_ID", "STAGE_NAME");
        assertThat(SEALED.open(params.get("PASSWORD"), SealedPlace.jobTaskParam(jt, "PASSWORD"))).isEqualTo("hunter2-single");
        assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("hunter2-single");

        Response listed = get("/api/v1/job-tasks?label=team=core&job=single-build");
        assertThat(listed.json().path("items").toString()).contains(jt);
        assertThat(get("/api/v1/job-tasks?label=team=other").json().path("items").toString()).doesNotContain(jt);
        assertThat(get("/api/v1/job-tasks?label=nonsense").status()).isEqualTo(400);
    }

    @Test
    void aRunOfAJobThatDoesNotExistOrWithABadParamChangesNothing() {
        job("single-strict");
        int before = get("/api/v1/job-tasks?size=100").json().path("total").asInt();
        Response unknown = post("/api/v1/job-tasks", json(Map.of("job", "no-such-job")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asString()).contains("no-such-job");
        Response readOnly = post("/api/v1/job-tasks", json(Map.of("job", "single-strict",
                "params", List.of(Map.of("name", "REGION", "value", "us")))));
        assertThat(readOnly.status()).isEqualTo(400);
        assertThat(readOnly.json().path("detail").asString()).contains("REGION", "read-only");
        Response noAuditors = post("/api/v1/job-tasks", json(Map.of("job", "single-strict",
                "audit", Map.of("auditors", List.of()))));
        assertThat(noAuditors.status()).isEqualTo(400);
        assertThat(post("/api/v1/job-tasks", json(Map.of())).status()).isEqualTo(400);
        assertThat(get("/api/v1/job-tasks?size=100").json().path("total").asInt()).isEqualTo(before);
    }

    /** A ciphertext copied from a topic or a backup is not a value: it would open in another task's run. */
    @Test
    void aValueThatLooksSealedIsRefusedWhereverACallerGivesOne() {
        job("single-sealed");
        String copied = "enc:v1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        int before = get("/api/v1/job-tasks?size=100").json().path("total").asInt();

        Response run = post("/api/v1/job-tasks", json(Map.of("job", "single-sealed",
                "params", List.of(Map.of("name", "PASSWORD", "value", copied)))));
        Response definition = post("/api/v1/jobs", json(Map.of("name", "sealed-default", "runnerSpec", "true",
                "params", List.of(Map.of("name", "TOKEN", "value", copied, "sensitive", true)))));

        for (Response refused : List.of(run, definition)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().path("detail").asString()).contains("looks like a value mflow sealed");
        }
        assertThat(get("/api/v1/job-tasks?size=100").json().path("total").asInt()).isEqualTo(before);
        assertThat(get("/api/v1/jobs").body()).doesNotContain("sealed-default");
    }

    /**
     * A developer with access to the store (or a restored backup) copies one job's sealed sensitive default into
     * another job's document, to have it handed to a job whose script they control: it does not open at the other
     * job, so its run is refused with the reason and nothing runs; the plain value appears nowhere.
     */
    @Test
    void aSealedDefaultCopiedIntoAnotherJobsDocumentDoesNotOpenThere() {
        assertThat(post("/api/v1/jobs", json(Map.of("name", "sealed-source", "runnerSpec", "true", "params",
                List.of(Map.of("name", "PASSWORD", "value", "hunter2-of-source", "sensitive", true))))).status())
                .isEqualTo(201);
        assertThat(post("/api/v1/jobs", json(Map.of("name", "sealed-target", "runnerSpec", "echo $PASSWORD", "params",
                List.of(Map.of("name", "PASSWORD", "value", "the-targets-own", "sensitive", true))))).status())
                .isEqualTo(201);
        var jobs = mongo.getCollection("jobs");
        Object sourceCiphertext = jobs.find(new Document("name", "sealed-source")).first()
                .getList("params", Document.class).get(0).get("value");
        assertThat(sourceCiphertext.toString()).startsWith("enc:v2:");
        jobs.updateOne(new Document("name", "sealed-target"),
                new Document("$set", new Document("params.0.value", sourceCiphertext)));
        int before = get("/api/v1/job-tasks?size=100").json().path("total").asInt();

        Response run = post("/api/v1/job-tasks", json(Map.of("job", "sealed-target")));

        assertThat(run.status()).as(run.body()).isEqualTo(400);
        assertThat(run.json().path("detail").asString())
                .contains("the sensitive default of param 'PASSWORD' of job 'sealed-target' does not open where it is"
                        + " stored");
        assertThat(run.body()).doesNotContain("hunter2-of-source");
        assertThat(get("/api/v1/job-tasks?size=100").json().path("total").asInt()).isEqualTo(before);
        Response own = post("/api/v1/job-tasks", json(Map.of("job", "sealed-source")));
        assertThat(own.status()).as("the value still opens at its own job").isEqualTo(201);
    }

    @Autowired
    MongoTemplate mongo;
}

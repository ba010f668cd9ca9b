package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.TaskPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jobs in namespaces and versions, and pipelines that change: what a team keeping its definitions in git sees. */
class JobVersionsIT extends TaskServiceHarness {

    private Response publish(String name, String version, String script) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "runnerSpec", script,
                "description", "prints which version ran"));
        if (version != null) {
            body.put("version", version);
        }
        return post("/api/v1/jobs", json(body));
    }

    @Test
    void aNewVersionIsPublishedBesideTheOldOneWhichNeverChanges() {
        Response v1 = publish("ver-build", null, "echo one");
        assertThat(v1.status()).as(v1.body()).isEqualTo(201);
        assertThat(v1.json().path("namespace").asString()).isEqualTo("default");
        assertThat(v1.json().path("version").asString()).isEqualTo("v1");
        assertThat(v1.json().path("description").asString()).isEqualTo("prints which version ran");
        assertThat(v1.json().path("deprecated").asBoolean()).isFalse();

        Response again = publish("ver-build", "v1", "echo one");
        assertThat(again.status()).as("the same version, the same definition: no change").isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(v1.json().path("id").asString());

        Response overwrite = publish("ver-build", "v1", "echo sneaked in");
        assertThat(overwrite.status()).isEqualTo(409);
        assertThat(overwrite.json().path("detail").asString()).contains("'v1'", "'ver-build'", "published already");

        Response v2 = publish("ver-build", "v2", "echo two");
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);
        assertThat(v2.json().path("id").asString()).isNotEqualTo(v1.json().path("id").asString());
        assertThat(get("/api/v1/jobs/" + v1.json().path("id").asString()).json().path("runnerSpec").asString())
                .isEqualTo("echo one");

        Response elsewhere = post("/api/v1/jobs", json(Map.of("name", "ver-build", "namespace", "ver-web",
                "runnerSpec", "echo web")));
        assertThat(elsewhere.status()).as("a name is a team's own in its namespace").isEqualTo(201);
        assertThat(elsewhere.json().path("namespace").asString()).isEqualTo("ver-web");
        Response versions = get("/api/v1/jobs?namespace=default&name=ver-build");
        assertThat(versions.json().path("items").findValuesAsString("version")).containsExactly("v2", "v1");
        assertThat(get("/api/v1/jobs?namespace=ver-web").json().path("items").findValuesAsString("runnerSpec"))
                .containsExactly("echo web");

        assertThat(post("/api/v1/jobs", json(Map.of("name", "ver-bad", "version", "v 1", "runnerSpec", "true")))
                .status()).isEqualTo(400);
        assertThat(post("/api/v1/jobs", json(Map.of("name", "ver-bad", "namespace", "a/b", "runnerSpec", "true")))
                .status()).isEqualTo(400);
    }

    @Test
    void anUnpinnedTaskRunsTheLatestVersionWhenItsRunStartsAndAPinnedOneItsOwn() {
        assertThat(publish("ver-deploy", "v1", "echo one").status()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "ver-ci", "stages", List.of(
                Map.of("name", "all", "parallel", true, "tasks", List.of(
                        Map.of("name", "latest", "job", "ver-deploy"),
                        Map.of("name", "pinned", "job", "ver-deploy:v1"),
                        Map.of("name", "qualified", "job", "default/ver-deploy")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.json().path("stages").get(0).path("tasks").findValuesAsString("job"))
                .containsExactly("ver-deploy", "ver-deploy:v1", "ver-deploy");
        String pipelineId = pipeline.json().path("id").asString();

        assertThat(publish("ver-deploy", "v2", "echo two").status()).isEqualTo(201);
        String run = run(pipelineId);

        Map<String, TaskPlan> tasks = new HashMap<>();
        PipelineTaskCreated plan = planOf(run);
        plan.getStages().get(0).getTasks().forEach(task -> tasks.put(task.getName(), task));
        assertThat(tasks.get("latest").getRunnerSpec()).isEqualTo("echo two");
        assertThat(tasks.get("qualified").getRunnerSpec()).isEqualTo("echo two");
        assertThat(tasks.get("pinned").getRunnerSpec()).isEqualTo("echo one");
        assertThat(get("/api/v1/job-tasks/" + tasks.get("latest").getJobTaskId()).json().path("jobVersion")
                .asString()).isEqualTo("v2");
        assertThat(get("/api/v1/job-tasks/" + tasks.get("pinned").getJobTaskId()).json().path("jobVersion")
                .asString()).isEqualTo("v1");

        Response single = post("/api/v1/job-tasks", json(Map.of("job", "ver-deploy:v1")));
        assertThat(single.status()).as(single.body()).isEqualTo(201);
        assertThat(single.json().path("jobVersion").asString()).isEqualTo("v1");
        assertThat(post("/api/v1/job-tasks", json(Map.of("job", "ver-deploy"))).json().path("jobVersion").asString())
                .isEqualTo("v2");
        Response unknown = post("/api/v1/job-tasks", json(Map.of("job", "ver-deploy:v9")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asString()).contains("ver-deploy:v9");

        Response badPin = post("/api/v1/pipelines", json(Map.of("name", "ver-bad", "stages", List.of(
                Map.of("name", "all", "tasks", List.of(Map.of("name", "t", "job", "ver-deploy:v9")))))));
        assertThat(badPin.status()).isEqualTo(400);
        assertThat(badPin.json().path("detail").asString()).contains("unknown job 'ver-deploy:v9'");
    }

    @Test
    void aChangedPipelineRunsItsNewRevisionWhileARunStartedBeforeKeepsItsOwn() {
        assertThat(publish("ver-step", "v1", "echo step").status()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "ver-cd", "description", "first",
                "stages", List.of(Map.of("name", "one", "tasks", List.of(Map.of("name", "a", "job", "ver-step")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.json().path("revision").asInt()).isEqualTo(1);
        String id = pipeline.json().path("id").asString();
        String before = run(id);

        Response changed = call("PUT", "/api/v1/pipelines/" + id, json(Map.of("name", "ver-cd", "description",
                "second", "stages", List.of(
                        Map.of("name", "one", "tasks", List.of(Map.of("name", "a", "job", "ver-step"))),
                        Map.of("name", "two", "tasks", List.of(Map.of("name", "b", "job", "ver-step")))))),
                ADMIN_TOKEN);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("revision").asInt()).isEqualTo(2);
        assertThat(changed.json().path("description").asString()).isEqualTo("second");
        assertThat(get("/api/v1/pipelines/" + id).json().path("stages").size()).isEqualTo(2);

        String after = run(id);
        Response old = get("/api/v1/pipeline-tasks/" + before);
        assertThat(old.json().path("pipelineRevision").asInt()).isEqualTo(1);
        assertThat(old.json().path("stages").size()).as("the run in flight keeps its plan").isEqualTo(1);
        assertThat(planOf(before).getStages()).hasSize(1);
        Response next = get("/api/v1/pipeline-tasks/" + after);
        assertThat(next.json().path("pipelineRevision").asInt()).isEqualTo(2);
        assertThat(next.json().path("stages").size()).isEqualTo(2);

        Response broken = call("PUT", "/api/v1/pipelines/" + id, json(Map.of("name", "ver-cd", "stages",
                List.of(Map.of("name", "one", "tasks", List.of(Map.of("name", "a", "job", "ver-no-such")))))),
                ADMIN_TOKEN);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(get("/api/v1/pipelines/" + id).json().path("revision").asInt())
                .as("a refused change changes nothing").isEqualTo(2);
        assertThat(call("PUT", "/api/v1/pipelines/pl-no-such", json(Map.of("name", "x", "stages", List.of())),
                ADMIN_TOKEN).status()).isEqualTo(404);
    }

    private String pipeline(String name, String job) {
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", name, "stages", List.of(
                Map.of("name", "only", "tasks", List.of(Map.of("name", "t", "job", job)))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        return pipeline.json().path("id").asString();
    }

    private Response delete(String path) {
        return call("DELETE", path, null, ADMIN_TOKEN);
    }

    @Test
    void aDeprecatedVersionStillRunsWithAWarningAndIsDeletedOnlyWhenNoPipelineRunsIt() {
        String v1 = publish("ret-lib", "v1", "echo one").json().path("id").asString();
        String v2 = publish("ret-lib", "v2", "echo two").json().path("id").asString();
        String pinning = pipeline("ret-pinning", "ret-lib:v1");
        String following = pipeline("ret-following", "ret-lib");

        Response deprecated = post("/api/v1/jobs/" + v1 + "/deprecate", "");
        assertThat(deprecated.status()).as(deprecated.body()).isEqualTo(200);
        assertThat(deprecated.json().path("deprecated").asBoolean()).isTrue();
        assertThat(get("/api/v1/jobs/" + v1).json().path("deprecated").asBoolean()).isTrue();
        assertThat(post("/api/v1/jobs/job-no-such/deprecate", "").status()).isEqualTo(404);

        Response warned = post("/api/v1/pipelines/" + pinning + "/runs", "{}");
        assertThat(warned.status()).isEqualTo(201);
        assertThat(warned.json().path("warnings").toString()).contains("default/ret-lib:v1 is deprecated");
        String jobTask = warned.json().path("stages").get(0).path("jobTasks").get(0).path("id").asString();
        assertThat(get("/api/v1/job-tasks/" + jobTask).json().path("warnings").toString())
                .contains("default/ret-lib:v1 is deprecated");
        assertThat(post("/api/v1/pipelines/" + following + "/runs", "{}").json().path("warnings").isMissingNode())
                .as("the latest version is not deprecated").isTrue();
        Response single = post("/api/v1/job-tasks", json(Map.of("job", "ret-lib:v1")));
        assertThat(single.json().path("warnings").toString()).contains("deprecated");

        Response pinned = delete("/api/v1/jobs/" + v1);
        assertThat(pinned.status()).isEqualTo(409);
        assertThat(pinned.json().path("detail").asString()).contains("'ret-pinning'").doesNotContain("ret-following");

        // the latest of two: the pipeline that follows the latest falls back to v1
        assertThat(delete("/api/v1/jobs/" + v2).status()).isEqualTo(204);
        assertThat(get("/api/v1/jobs/" + v2).status()).isEqualTo(404);
        Response fallen = post("/api/v1/pipelines/" + following + "/runs", "{}");
        String fallenTask = fallen.json().path("stages").get(0).path("jobTasks").get(0).path("id").asString();
        assertThat(get("/api/v1/job-tasks/" + fallenTask).json().path("jobVersion").asString()).isEqualTo("v1");

        Response onlyOne = delete("/api/v1/jobs/" + v1);
        assertThat(onlyOne.status()).isEqualTo(409);
        assertThat(onlyOne.json().path("detail").asString()).contains("'ret-pinning'", "'ret-following'");
        assertThat(delete("/api/v1/jobs/job-no-such").status()).isEqualTo(404);
    }

    @Test
    void aJobNoPipelineUsesIsDeletedAndItsNameCanBeUsedAgain() {
        String id = publish("ret-typo", null, "echo typo").json().path("id").asString();
        assertThat(delete("/api/v1/jobs/" + id).status()).isEqualTo(204);
        assertThat(get("/api/v1/jobs/" + id).status()).isEqualTo(404);
        assertThat(post("/api/v1/job-tasks", json(Map.of("job", "ret-typo"))).status()).isEqualTo(400);
        assertThat(publish("ret-typo", null, "echo fixed").status()).isEqualTo(201);
    }

    @Test
    void aPipelineIsDeletedOnlyWithoutRunsInFlight() {
        publish("ret-step", null, "true");
        String idle = pipeline("ret-idle", "ret-step");
        String busy = pipeline("ret-busy", "ret-step");
        String running = run(busy);

        Response refused = delete("/api/v1/pipelines/" + busy);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asString()).contains(running);
        assertThat(get("/api/v1/pipelines/" + busy).status()).isEqualTo(200);

        assertThat(delete("/api/v1/pipelines/" + idle).status()).isEqualTo(204);
        assertThat(get("/api/v1/pipelines/" + idle).status()).isEqualTo(404);
        assertThat(post("/api/v1/pipelines/" + idle + "/runs", "{}").status()).isEqualTo(404);
        assertThat(delete("/api/v1/pipelines/" + idle).status()).isEqualTo(404);
    }

    /** Each accepted change has a revision of its own: of changes made at once, none is lost under another. */
    @Test
    void changesMadeAtOnceEachGetTheirOwnRevisionOrA409() throws Exception {
        publish("ver-race", null, "true");
        String id = pipeline("ver-race", "ver-race");
        int writers = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < writers; i++) {
            String description = "writer " + i;
            answers.add(pool.submit(() -> {
                start.await();
                return call("PUT", "/api/v1/pipelines/" + id, json(Map.of("name", "ver-race", "description",
                        description, "stages", List.of(Map.of("name", "only", "tasks",
                                List.of(Map.of("name", "t", "job", "ver-race")))))), ADMIN_TOKEN);
            }));
        }
        start.countDown();
        List<Integer> revisions = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Response> answer : answers) {
            Response response = answer.get();
            assertThat(response.status()).as(response.body()).isIn(200, 409);
            if (response.status() == 200) {
                revisions.add(response.json().path("revision").asInt());
            }
        }
        pool.shutdown();
        assertThat(revisions).doesNotHaveDuplicates().isNotEmpty();
        assertThat(get("/api/v1/pipelines/" + id).json().path("revision").asInt()).isEqualTo(1 + revisions.size());
    }
}

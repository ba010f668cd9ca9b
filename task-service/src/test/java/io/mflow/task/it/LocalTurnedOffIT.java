package io.mflow.task.it;

import static io.mflow.task.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.app.Jobs;
import io.mflow.task.domain.Job;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** LOCAL turned off, as docker-compose has it: no LOCAL job is defined, run or put in a pipeline, even by an admin. */
@TestPropertySource(properties = "mflow.runner.local.enabled=false")
class LocalTurnedOffIT extends TaskServiceHarness {

    @Autowired
    Jobs jobs;

    @Test
    void definingALocalJobIsA400SayingLocalIsOffAndNothingIsStored() {
        Response refused = post("/api/v1/jobs", json(Map.of("name", "off-local", "runnerType", "LOCAL",
                "runnerSpec", "id")));

        assertProblem(refused, 400);
        assertThat(refused.json().path("detail").asString()).contains("the LOCAL runner is turned off");
        assertThat(jobs.byName("off-local")).isEmpty();
    }

    @Test
    void aLocalJobDefinedBeforeLocalWasTurnedOffNeitherRunsNorJoinsAPipeline() {
        jobs.add(new Job("job-off-before", "off-before", "LOCAL", "id", List.of(), Instant.now(), "admin", null, null));

        Response single = post("/api/v1/job-tasks", json(Map.of("job", "off-before")));
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", "off-ci", "stages", List.of(Map.of(
                "name", "build", "tasks", List.of(Map.of("name", "compile", "job", "off-before")))))));

        assertProblem(single, 400);
        assertThat(single.json().path("detail").asString()).contains("the LOCAL runner is turned off");
        assertProblem(pipeline, 400);
        assertThat(get("/api/v1/job-tasks?size=100").body()).doesNotContain("off-before");
    }
}

package io.mflow.task.it;

import static io.mflow.task.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * An installation shared by teams keeps LOCAL (a script on runner-service's own host) to its admins: a developer
 * who tries to define a LOCAL job anyway gets a problem, and nothing is stored.
 */
@TestPropertySource(properties = "mflow.jobs.runner-types.DEVELOPER=K8S_JOB,AGENT")
class RunnerTypesIT extends TaskServiceHarness {

    @Test
    void aDeveloperWhoseRoleMayNotDefineLocalJobsGetsAProblemAndNothingIsStored() {
        String developer = userWithToken("lane-developer", "DEVELOPER");

        for (String type : new String[] {"\"runnerType\": \"LOCAL\", ", ""}) {
            Response refused = call("POST", "/api/v1/jobs", "{\"name\": \"lane-local\", " + type
                    + "\"runnerSpec\": \"cat data/admin.token\"}", developer);
            assertProblem(refused, 403);
            assertThat(refused.json().path("detail").asString()).contains("may not define jobs of runnerType LOCAL");
        }
        assertThat(get("/api/v1/jobs?size=100").body()).doesNotContain("lane-local");
        assertThat(call("POST", "/api/v1/job-tasks", json(Map.of("job", "lane-local")), developer).status())
                .isEqualTo(400);
    }

    @Test
    void aDeveloperStillDefinesTheTypesTheirRoleMayAndAnAdminAnyType() {
        String developer = userWithToken("lane-developer-2", "DEVELOPER");

        Response agentJob = call("POST", "/api/v1/jobs", json(Map.of("name", "lane-agent", "runnerType", "AGENT",
                "runnerSpec", "make", "agentTags", List.of("linux"))), developer);
        Response adminsLocal = post("/api/v1/jobs", json(Map.of("name", "lane-admin-local", "runnerType", "LOCAL",
                "runnerSpec", "make")));

        assertThat(agentJob.status()).as(agentJob.body()).isEqualTo(201);
        assertThat(adminsLocal.status()).as(adminsLocal.body()).isEqualTo(201);
    }
}

package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's PENDDING, wherever a caller names a stage. */
class ReferenceSpellingIT extends TaskServiceHarness {

    @Test
    void aListFilteredByPenddingListsThePendingTasks() {
        assertThat(post("/api/v1/jobs", json(Map.of("name", "spelled-job", "runnerSpec", "true"))).status())
                .isEqualTo(201);
        Response run = post("/api/v1/job-tasks", json(Map.of("job", "spelled-job")));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        String id = run.json().path("id").asString();

        assertThat(get("/api/v1/job-tasks?size=100&stage=PENDDING").json().path("items").toString()).contains(id);
        assertThat(get("/api/v1/job-tasks?size=100&stage=pendding").json().path("items").toString()).contains(id);
        assertThat(get("/api/v1/pipeline-tasks?stage=PENDDING").status()).isEqualTo(200);
        assertThat(get("/api/v1/job-tasks?stage=PENDINGG").status()).isEqualTo(400);
    }
}

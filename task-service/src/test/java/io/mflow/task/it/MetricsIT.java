package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mflow.schemas.Topics;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator's Prometheus scrapes from task-service, with a viewer's token. */
class MetricsIT extends TaskServiceHarness {

    @Test
    void prometheusShowsTransitionsTheOutboxAndDeadLettersToViewers() {
        String ptId = run(definePipeline("metrics"));
        TaskPlan compile = firstTask(planOf(ptId));
        String token = SEALED.open(compile.getUpdateToken(), SealedPlace.updateToken(compile.getJobTaskId(), 1));
        String status = "/api/v1/job-tasks/" + compile.getJobTaskId() + "/status";
        assertThat(post(status, json(Map.of("token", token, "stage", "ACTIVE"))).status()).isEqualTo(200);
        assertThat(post(status, json(Map.of("token", token, "stage", "SUCCEEDED"))).status()).isEqualTo(200);
        produce(Topics.JOB_TASK_STATUS_REPORTS, ptId, "not avro".getBytes(StandardCharsets.UTF_8));

        assertThat(call("GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
        String viewer = viewerToken();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Response scrape = call("GET", "/actuator/prometheus", null, viewer);
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.body())
                    .containsPattern("mflow_job_task_transitions_total\\{[^}]*stage=\"ACTIVE\"")
                    .containsPattern("mflow_job_task_transitions_total\\{[^}]*stage=\"SUCCEEDED\"")
                    .contains("mflow_outbox_waiting", "mflow_outbox_oldest_age_seconds", "mflow_outbox_sent_total")
                    .containsPattern("mflow_outbox_delivery_seconds\\{[^}]*topic=\"mflow.task-events\"")
                    .containsPattern("mflow_kafka_dead_letters_total\\{[^}]*topic=\"mflow.job-task-status-reports\"")
                    .contains("http_server_requests_seconds", "spring_kafka_listener_seconds");
        });
    }

    private String viewerToken() {
        assertThat(post("/api/v1/users", json(Map.of("name", "scraper", "roles", java.util.List.of("VIEWER"))))
                .status()).isEqualTo(201);
        return post("/api/v1/users/scraper/tokens", json(Map.of("name", "prometheus"))).json().path("token").asString();
    }
}

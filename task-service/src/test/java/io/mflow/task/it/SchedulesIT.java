package io.mflow.task.it;

import static io.mflow.task.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.event.PipelineTaskCreated;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Schedules as a user defines and sees them on one task-service: their next due time, the problems of a bad one, who
 * may add one, and the run a due time starts. {@code ScheduleReplicasIT} has two replicas and restarts.
 */
class SchedulesIT extends TaskServiceHarness {

    private String job(String name) {
        Response job = post("/api/v1/jobs", json(Map.of("name", name, "runnerSpec", "echo $GOAL",
                "params", List.of(Map.of("name", "GOAL", "value", "test"),
                        Map.of("name", "TOKEN", "sensitive", true)))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        return name;
    }

    private static Map<String, Object> pipeline(String name, String job, List<Map<String, Object>> schedules) {
        return Map.of("name", name, "schedules", schedules,
                "stages", List.of(Map.of("name", "build", "tasks", List.of(Map.of("name", "compile", "job", job)))));
    }

    private static Map<String, Object> schedule(String name, String cron, String zone) {
        return Map.of("name", name, "cron", cron, "timeZone", zone,
                "params", List.of(Map.of("name", "GOAL", "value", "nightly")));
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private JsonNode runsOf(String scheduleName) {
        return get("/api/v1/pipeline-tasks?size=100&label=" + encoded("mflow.io/schedule=" + scheduleName))
                .json().path("items");
    }

    @Test
    void aPipelineShowsEachScheduleWithItsNextDueTimeInItsTimeZoneAndItsDefaults() {
        String job = job("sched-show");
        Response created = post("/api/v1/pipelines", json(pipeline("sched-show-ci", job, List.of(
                schedule("nightly", "30 2 * * *", "Europe/Berlin"),
                Map.of("name", "weekly", "cron", "@weekly", "missed", "skip", "enabled", false)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode nightly = created.json().path("schedules").get(0);
        assertThat(nightly.path("cron").asString()).isEqualTo("30 2 * * *");
        assertThat(nightly.path("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(nightly.path("missed").asString()).isEqualTo("RUN_ONCE");
        assertThat(nightly.path("enabled").asBoolean()).isTrue();
        Instant next = Instant.parse(nightly.path("nextDueAt").asString());
        assertThat(next).isAfter(Instant.now());
        assertThat(next.atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalTime())
                .isEqualTo(java.time.LocalTime.of(2, 30));
        JsonNode weekly = created.json().path("schedules").get(1);
        assertThat(weekly.path("timeZone").asString()).isEqualTo("UTC");
        assertThat(weekly.path("missed").asString()).isEqualTo("SKIP");
        assertThat(weekly.path("enabled").asBoolean()).isFalse();
        assertThat(weekly.has("nextDueAt")).as("a disabled schedule is never due").isFalse();

        String id = created.json().path("id").asString();
        JsonNode read = get("/api/v1/pipelines/" + id).json();
        assertThat(read.path("schedules").get(0).path("nextDueAt").asString()).isEqualTo(next.toString());
        assertThat(get("/api/v1/pipelines?size=100").json().path("items").toString()).contains(next.toString());
    }

    @Test
    void aBadCronOrTimeZoneIsA400NamingTheScheduleAndWhy() {
        String job = job("sched-bad");
        Response cron = post("/api/v1/pipelines", json(pipeline("sched-bad-ci", job, List.of(
                schedule("nightly", "61 2 * * *", "UTC")))));
        assertProblem(cron, 400);
        assertThat(cron.json().path("detail").asString()).contains("schedule 'nightly'", "cron '61 2 * * *'",
                "not valid");
        Response zone = post("/api/v1/pipelines", json(pipeline("sched-bad-ci", job, List.of(
                schedule("nightly", "@daily", "Europe/Atlantis")))));
        assertProblem(zone, 400);
        assertThat(zone.json().path("detail").asString()).contains("schedule 'nightly'",
                "'Europe/Atlantis' is not an IANA time zone");
        Response missed = post("/api/v1/pipelines", json(pipeline("sched-bad-ci", job, List.of(
                Map.of("name", "n", "cron", "@daily", "missed", "LATER")))));
        assertProblem(missed, 400);
        assertThat(missed.json().path("detail").asString()).contains("schedules[0].missed must be RUN_ONCE or SKIP");
        Response twice = post("/api/v1/pipelines", json(pipeline("sched-bad-ci", job, List.of(
                schedule("n", "@daily", "UTC"), schedule("n", "@hourly", "UTC")))));
        assertProblem(twice, 400);
        assertThat(twice.json().path("detail").asString()).contains("schedule 'n' is named twice");
        assertThat(get("/api/v1/pipelines?size=100").json().path("items").toString()).doesNotContain("sched-bad-ci");
    }

    @Test
    void aScheduleCannotCarryASecretInTheClearNorAParamNoJobDeclares() {
        String job = job("sched-secret");
        Response secret = post("/api/v1/pipelines", json(pipeline("sched-secret-ci", job, List.of(Map.of(
                "name", "n", "cron", "@daily", "params", List.of(Map.of("name", "TOKEN", "value", "s3cr3t")))))));
        assertProblem(secret, 400);
        assertThat(secret.json().path("detail").asString()).contains("schedule 'n'", "'TOKEN' is sensitive");
        assertThat(secret.body()).doesNotContain("s3cr3t");
        Response unknown = post("/api/v1/pipelines", json(pipeline("sched-secret-ci", job, List.of(Map.of(
                "name", "n", "cron", "@daily", "params", List.of(Map.of("name", "NOPE", "value", "1")))))));
        assertProblem(unknown, 400);
        assertThat(unknown.json().path("detail").asString()).contains("'NOPE'", "declares it");
    }

    @Test
    void aViewerCannotAddAScheduleAndAScheduleOnAnotherNamespacesPipelineNeedsThatNamespacesRole() {
        String job = job("sched-roles");
        Response created = post("/api/v1/pipelines", json(pipeline("sched-roles-ci", job, List.of())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        Map<String, Object> withSchedule = pipeline("sched-roles-ci", job, List.of(schedule("n", "@hourly", "UTC")));

        String viewer = userWithToken("sched-viewer", "VIEWER");
        assertThat(call("POST", "/api/v1/pipelines", json(withSchedule), viewer).status()).isEqualTo(403);
        assertThat(call("PUT", "/api/v1/pipelines/" + id, json(withSchedule), viewer).status()).isEqualTo(403);

        Response user = post("/api/v1/users", json(Map.of("name", "sched-webdev", "roles", List.of("VIEWER"),
                "namespaceRoles", Map.of("web", "DEVELOPER"))));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        String webDeveloper = post("/api/v1/users/sched-webdev/tokens", json(Map.of("name", "t")))
                .json().path("token").asString();
        Response elsewhere = call("PUT", "/api/v1/pipelines/" + id, json(withSchedule), webDeveloper);
        assertProblem(elsewhere, 403);

        assertThat(get("/api/v1/pipelines/" + id).json().path("schedules").size())
                .as("no refused request added a schedule").isZero();
        assertThat(get("/api/v1/pipelines/" + id).json().path("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aChangeThatNamesNoSchedulesKeepsThemAndOneThatChangesTheCronPlansItAnew() {
        String job = job("sched-change");
        Response created = post("/api/v1/pipelines", json(pipeline("sched-change-ci", job, List.of(
                schedule("nightly", "@daily", "UTC")))));
        String id = created.json().path("id").asString();
        String daily = created.json().path("schedules").get(0).path("nextDueAt").asString();

        Response kept = call("PUT", "/api/v1/pipelines/" + id, json(Map.of("name", "sched-change-ci",
                "stages", List.of(Map.of("name", "build", "tasks", List.of(Map.of("name", "c", "job", job)))))),
                ADMIN_TOKEN);
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().path("schedules").get(0).path("nextDueAt").asString()).isEqualTo(daily);

        Response hourly = call("PUT", "/api/v1/pipelines/" + id, json(pipeline("sched-change-ci", job, List.of(
                schedule("nightly", "@hourly", "UTC")))), ADMIN_TOKEN);
        assertThat(hourly.status()).as(hourly.body()).isEqualTo(200);
        Instant next = Instant.parse(hourly.json().path("schedules").get(0).path("nextDueAt").asString());
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(3601));

        Response none = call("PUT", "/api/v1/pipelines/" + id, json(pipeline("sched-change-ci", job, List.of())),
                ADMIN_TOKEN);
        assertThat(none.status()).as(none.body()).isEqualTo(200);
        assertThat(none.json().path("schedules").size()).as("an empty list takes them out").isZero();
    }

    @Test
    void aDueTimeStartsARunTriggeredByTheScheduleWithItsLabelsAndParams() {
        String job = job("sched-run");
        Response created = post("/api/v1/pipelines", json(pipeline("sched-run-ci", job, List.of(
                schedule("every-2s", "*/2 * * * * *", "UTC")))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        try {
            assertItStartsRunsWithItsLabelsAndParams(id);
        } finally {
            // the other ITs of this context count runs: a schedule left behind would start them as they count
            call("PUT", "/api/v1/pipelines/" + id, json(pipeline("sched-run-ci", job, List.of())), ADMIN_TOKEN);
        }
    }

    private void assertItStartsRunsWithItsLabelsAndParams(String id) {
        eventually(() -> runsOf("every-2s").size() > 0);
        JsonNode run = runsOf("every-2s").get(0);
        assertThat(run.path("pipelineId").asString()).isEqualTo(id);
        assertThat(run.path("triggeredBy").asString()).isEqualTo("schedule:every-2s");
        assertThat(run.path("labels").path("mflow.io/schedule").asString()).isEqualTo("every-2s");
        Instant due = Instant.parse(run.path("labels").path("mflow.io/schedule-due").asString());
        assertThat(due.getEpochSecond() % 2).isZero();
        PipelineTaskCreated plan = planOf(run.path("id").asString());
        assertThat(firstTask(plan).getParams().toString()).contains("nightly");

        eventually(() -> get("/api/v1/pipelines/" + id).json().path("schedules").get(0).has("lastRunId"));
        JsonNode shown = get("/api/v1/pipelines/" + id).json().path("schedules").get(0);
        assertThat(Instant.parse(shown.path("nextDueAt").asString()))
                .isAfter(Instant.parse(shown.path("lastDueAt").asString()));
    }

    @Test
    void theYamlExportKeepsTheSchedulesDefinitionButNotWhereItStands() {
        String job = job("sched-yaml");
        Response created = post("/api/v1/pipelines", json(pipeline("sched-yaml-ci", job, List.of(
                schedule("nightly", "30 2 * * *", "Europe/Berlin")))));
        String id = created.json().path("id").asString();
        Response yaml = send(HttpRequest.newBuilder(uri("/api/v1/pipelines/" + id)).header("Accept",
                "application/yaml").header("Authorization", "Bearer " + ADMIN_TOKEN).GET());
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body()).contains("schedules:", "cron: 30 2 * * *", "timeZone: Europe/Berlin")
                .doesNotContain("nextDueAt");

        Response again = send(HttpRequest.newBuilder(uri("/api/v1/pipelines")).header("Content-Type",
                "application/yaml").header("Authorization", "Bearer " + ADMIN_TOKEN).POST(
                HttpRequest.BodyPublishers.ofString(yaml.body().replace("sched-yaml-ci", "sched-yaml-copy"))));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        JsonNode schedule = again.json().path("schedules").get(0);
        assertThat(schedule.path("cron").asString()).isEqualTo("30 2 * * *");
        assertThat(schedule.path("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(schedule.path("params").toString()).contains("nightly");
        assertThat(schedule.has("nextDueAt")).isTrue();
    }
}

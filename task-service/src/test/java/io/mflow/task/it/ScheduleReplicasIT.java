package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.task.TaskServiceApplication;
import io.mflow.task.domain.Schedule;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/**
 * Replicas of task-service on one store and broker: each due time of a schedule starts one run, whichever replica
 * sees it first; and a due time that passed while every replica was down starts one run when one comes back
 * (RUN_ONCE), or none (SKIP).
 */
class ScheduleReplicasIT {

    private static EmbeddedKafkaKraftBroker kafka;
    private static MongoServer mongo;
    private static String mongoUri;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void brokerAndStore() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        mongo = new MongoServer(new MemoryBackend());
        mongoUri = mongo.bindAndGetConnectionString();
    }

    @AfterAll
    static void stop() {
        kafka.destroy();
        mongo.shutdown();
    }

    /** A replica of the engine's task-service on store {@code database}, sweeping its schedules every 200 ms. */
    private static ConfigurableApplicationContext replica(String database) throws Exception {
        Path tokenFile = Files.createTempDirectory("schedules").resolve("admin.token");
        return new SpringApplicationBuilder(TaskServiceApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.mongodb.uri=" + mongoUri,
                "--spring.mongodb.database=" + database,
                "--mflow.secret-key=" + TaskServiceHarness.DEV_KEY,
                "--mflow.admin-token=" + TaskServiceHarness.ADMIN_TOKEN,
                "--mflow.admin-token-file=" + tokenFile,
                "--mflow.outbox.sweep-interval=500ms",
                "--mflow.schedules.sweep-every=200ms",
                "--mflow.schedules.grace=1s",
                "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN");
    }

    private static JsonNode call(ConfigurableApplicationContext replica, String method, String path, Object body) {
        try {
            String port = replica.getEnvironment().getProperty("local.server.port");
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TaskServiceHarness.ADMIN_TOKEN)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(TaskServiceHarness.json(body))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
            return TaskServiceHarness.JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A job and a pipeline running it, with one schedule; its id. */
    private static String scheduledPipeline(ConfigurableApplicationContext replica, String name,
                                            Map<String, Object> schedule) {
        call(replica, "POST", "/api/v1/jobs", Map.of("name", name + "-job", "runnerSpec", "true"));
        return call(replica, "POST", "/api/v1/pipelines", Map.of("name", name, "schedules", List.of(schedule),
                "stages", List.of(Map.of("name", "go", "tasks", List.of(Map.of("name", "t", "job", name + "-job"))))))
                .path("id").asString();
    }

    private static List<JsonNode> runsOf(ConfigurableApplicationContext replica, String schedule) {
        List<JsonNode> runs = new ArrayList<>();
        call(replica, "GET", "/api/v1/pipeline-tasks?size=100&label="
                + URLEncoder.encode(Schedule.LABEL + "=" + schedule, StandardCharsets.UTF_8), null)
                .path("items").forEach(runs::add);
        return runs;
    }

    private static JsonNode scheduleOf(ConfigurableApplicationContext replica, String pipelineId) {
        return call(replica, "GET", "/api/v1/pipelines/" + pipelineId, null).path("schedules").get(0);
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waited 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void twoReplicasStartOneRunPerDueTimeOfASchedule() throws Exception {
        try (ConfigurableApplicationContext one = replica("replicas");
             ConfigurableApplicationContext two = replica("replicas")) {
            scheduledPipeline(one, "disabled-ci", Map.of("name", "disabled", "cron", "*/2 * * * * *",
                    "enabled", false));
            // due in a few seconds, but its pipeline is deleted before
            ZonedDateTime soon = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3);
            String gone = scheduledPipeline(one, "gone-ci", Map.of("name", "gone", "cron",
                    soon.getSecond() + " " + soon.getMinute() + " " + soon.getHour() + " * * *"));
            call(two, "DELETE", "/api/v1/pipelines/" + gone, null);
            String pipelineId = scheduledPipeline(one, "every-2s-ci",
                    Map.of("name", "every-2s", "cron", "*/2 * * * * *"));

            eventually(() -> runsOf(two, "every-2s").size() >= 5);
            List<JsonNode> runs = runsOf(one, "every-2s");

            Set<String> dueTimes = new HashSet<>();
            Schedule schedule = new Schedule("every-2s", "*/2 * * * * *", null, List.of(), null, true);
            for (JsonNode run : runs) {
                String due = run.path("labels").path(Schedule.DUE_LABEL).asString();
                assertThat(dueTimes.add(due)).as("a second run for due time " + due + " in " + runs).isTrue();
                assertThat(Instant.parse(due).getEpochSecond() % 2).isZero();
                assertThat(run.path("id").asString()).isEqualTo(schedule.runIdFor(pipelineId, Instant.parse(due)));
                assertThat(run.path("triggeredBy").asString()).isEqualTo("schedule:every-2s");
            }
            JsonNode shown = scheduleOf(two, pipelineId);
            assertThat(Instant.parse(shown.path("nextDueAt").asString()))
                    .isAfter(Instant.parse(shown.path("lastDueAt").asString()));
            assertThat(Instant.now()).isAfter(soon.toInstant().plusSeconds(1));
            assertThat(runsOf(one, "disabled")).as("a disabled schedule never fires").isEmpty();
            assertThat(runsOf(one, "gone")).as("a deleted pipeline's schedule never fires").isEmpty();
        }
    }

    @Test
    void aDueTimeMissedWhileNoReplicaWasUpStartsOneRunWithRunOnceAndNoneWithSkip() throws Exception {
        ZonedDateTime first;
        ZonedDateTime last;
        String runOnce;
        String skip;
        try (ConfigurableApplicationContext before = replica("restart")) {
            // three due times 2 s apart, some 20 s from now (defining two pipelines took over 10 s on a machine
            // busy with other builds), in one minute: a daily cron naming their seconds
            ZonedDateTime soon = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
            first = soon.getSecond() > 55 ? soon.plusMinutes(1).withSecond(0) : soon;
            last = first.plusSeconds(4);
            String cron = first.getSecond() + "," + (first.getSecond() + 2) + "," + last.getSecond() + " "
                    + first.getMinute() + " " + first.getHour() + " * * *";
            runOnce = scheduledPipeline(before, "catch-up-ci", Map.of("name", "catch-up", "cron", cron));
            skip = scheduledPipeline(before, "skipper-ci", Map.of("name", "skipper", "cron", cron, "missed", "SKIP"));
            assertThat(scheduleOf(before, runOnce).path("nextDueAt").asString())
                    .isEqualTo(first.toInstant().toString());
        }
        assertThat(Instant.now()).as("stopped before the first due time").isBefore(first.toInstant());
        while (Instant.now().isBefore(last.toInstant().plusSeconds(2))) {
            Thread.sleep(200);
        }

        try (ConfigurableApplicationContext after = replica("restart")) {
            String tomorrow = first.plusDays(1).toInstant().toString();
            eventually(() -> scheduleOf(after, runOnce).path("nextDueAt").asString().equals(tomorrow)
                    && scheduleOf(after, skip).path("nextDueAt").asString().equals(tomorrow));

            List<JsonNode> caughtUp = runsOf(after, "catch-up");
            assertThat(caughtUp).as("one run for the three missed due times").hasSize(1);
            assertThat(caughtUp.get(0).path("labels").path(Schedule.DUE_LABEL).asString())
                    .as("for the latest of them").isEqualTo(last.toInstant().toString());
            assertThat(scheduleOf(after, runOnce).path("lastRunId").asString())
                    .isEqualTo(caughtUp.get(0).path("id").asString());
            assertThat(runsOf(after, "skipper")).as("a skipping schedule lets missed due times go").isEmpty();
            assertThat(scheduleOf(after, skip).has("lastRunId")).isFalse();
        }
    }
}

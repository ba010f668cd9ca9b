package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.DeliveryState;
import io.mflow.schemas.common.NoticeSubject;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What task-service does for notifications: webhooks and mentions of a pipeline and of its tasks are checked and
 * sealed when defined, a run hands notify-service its subscriptions and the sealed addresses of the people it may
 * tell, and delivery results announced by notify-service are shown on the tasks.
 */
class NotificationsIT extends TaskServiceHarness {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a-signing-secret-of-32-bytes!!!!".getBytes(StandardCharsets.UTF_8));

    /** The token a chat robot's url carries: a credential like any other. */
    private static final String ROBOT_TOKEN = "2c4e6d80-0f1b-4a3c-robot-token";

    @Autowired
    MongoTemplate mongo;

    private List<org.bson.Document> pipelinesStored() {
        return mongo.getCollection("pipelines").find().into(new java.util.ArrayList<>());
    }

    private String job(String name) {
        Response job = post("/api/v1/jobs", json(Map.of("name", name, "runnerSpec", "true")));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        return name;
    }

    private Response define(String name, Map<String, Object> task, Map<String, Object> pipelineLevel) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(pipelineLevel);
        body.put("name", name);
        body.put("stages", List.of(Map.of("name", "only", "tasks", List.of(task))));
        return post("/api/v1/pipelines", json(body));
    }

    @Test
    void aSubscriptionThatCannotWorkIsRefusedWhenThePipelineIsDefined() {
        String job = job("notify-refusals");
        Map<String, Response> refused = Map.of(
                "cloud metadata", define("n-1", Map.of("name", "t", "job", job, "webhooks",
                        List.of(Map.of("url", "http://169.254.169.254/latest/meta-data/"))), Map.of()),
                "private network", define("n-2", Map.of("name", "t", "job", job), Map.of("webhooks",
                        List.of(Map.of("url", "http://10.1.2.3/hook")))),
                "unknown type", define("n-3", Map.of("name", "t", "job", job, "webhooks",
                        List.of(Map.of("url", "https://hooks.example.com/a", "type", "TELEGRAM"))), Map.of()),
                "generic without a whsec_ secret", define("n-4", Map.of("name", "t", "job", job, "webhooks",
                        List.of(Map.of("url", "https://hooks.example.com/a", "type", "GENERIC", "secret", "plain"))),
                        Map.of()),
                "unknown event", define("n-5", Map.of("name", "t", "job", job, "webhooks",
                        List.of(Map.of("url", "https://hooks.example.com/a", "events", List.of("DONE")))), Map.of()),
                "unknown user", define("n-6", Map.of("name", "t", "job", job, "mentions",
                        List.of(Map.of("user", "nobody-here"))), Map.of()));
        refused.forEach((why, response) -> {
            assertThat(response.status()).as(why + ": " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
        });
        assertThat(refused.get("cloud metadata").body()).contains("169.254.169.254");
        assertThat(refused.get("unknown user").body()).contains("no user named 'nobody-here'");
        assertThat(get("/api/v1/pipelines?size=100").body()).doesNotContain("\"n-1\"", "\"n-6\"");
    }

    @Test
    void aRunHandsNotifyServiceItsSubscriptionsSealedAndTheAddressesOfThePeopleItMayTell() {
        post("/api/v1/users", json(Map.of("name", "carla", "email", "carla@example.com", "roles", List.of("VIEWER"))));
        post("/api/v1/users", json(Map.of("name", "dirk", "email", "dirk@example.com", "roles", List.of("VIEWER"))));
        String job = job("notify-plan");
        Response pipeline = define("notify-plan", Map.of("name", "t", "job", job,
                "webhooks", List.of(Map.of("url", "https://open.feishu.cn/open-apis/bot/v2/hook/" + ROBOT_TOKEN, "type", "feishu",
                        "secret", "robot-secret", "events", List.of("failed", "audit_waiting"))),
                "mentions", List.of(Map.of("user", "carla", "events", List.of("FAILED"))),
                "audit", Map.of("auditors", List.of("dirk"))),
                Map.of("webhooks", List.of(Map.of("url", "https://hooks.example.com/pipelines", "secret", SECRET)),
                        "mentions", List.of(Map.of("user", "dirk"))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        assertThat(pipeline.body()).doesNotContain("robot-secret", SECRET, ROBOT_TOKEN).contains("\"type\":\"FEISHU\"")
                .as("the robot's url is shown with its token masked")
                .contains("\"url\":\"https://open.feishu.cn/open-apis/bot/v2/hook/******\"");
        assertThat(get("/api/v1/pipelines/" + pipeline.json().path("id").asString()).body())
                .doesNotContain(ROBOT_TOKEN).contains("/bot/v2/hook/******");
        assertThat(pipelinesStored().toString()).as("sealed at rest").doesNotContain(ROBOT_TOKEN);

        Response run = post("/api/v1/pipelines/" + pipeline.json().path("id").asString() + "/runs", json(Map.of()));
        String ptId = run.json().path("id").asString();
        ConsumerRecord<String, byte[]> published;
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            List<ConsumerRecord<String, byte[]>> records = events.await(rs -> rs.stream()
                    .anyMatch(r -> r.key().equals(ptId)));
            published = records.stream().filter(r -> r.key().equals(ptId)).findFirst().orElseThrow();
        }
        PipelineTaskCreated plan = (PipelineTaskCreated) TopicReader.decode(published);
        assertThat(plan.getContacts()).containsOnlyKeys("carla", "dirk");
        assertThat(SEALED.open(plan.getContacts().get("carla"), SealedPlace.emailAddress("carla"))).isEqualTo("carla@example.com");
        assertThat(plan.getWebhooks()).singleElement().satisfies(hook -> {
            assertThat(hook.getUrl()).startsWith("enc:");
            String url = SEALED.open(hook.getUrl(), SealedPlace.webhookUrl());
            assertThat(url).isEqualTo("https://hooks.example.com/pipelines");
            assertThat(SEALED.open(hook.getSecret(), SealedPlace.webhookSecret(url))).isEqualTo(SECRET);
        });
        assertThat(plan.getMentions()).extracting(m -> m.getUser()).containsExactly("dirk");
        TaskPlan task = firstTask(plan);
        assertThat(task.getWebhooks().get(0).getType()).isEqualTo("FEISHU");
        assertThat(SEALED.open(task.getWebhooks().get(0).getUrl(), SealedPlace.webhookUrl()))
                .isEqualTo("https://open.feishu.cn/open-apis/bot/v2/hook/" + ROBOT_TOKEN);
        assertThat(task.getMentions()).extracting(m -> m.getUser()).containsExactly("carla");
        assertThat(new String(published.value(), StandardCharsets.ISO_8859_1))
                .doesNotContain("carla@example.com", "robot-secret", ROBOT_TOKEN);
    }

    @Test
    void theDeliveryResultsNotifyServiceAnnouncesAreShownOnceOnTheTasksTheyToldOf() {
        String ptId = run(definePipeline("deliveries"));
        String jobTaskId = get("/api/v1/pipeline-tasks/" + ptId).json().path("stages").get(0).path("jobTasks").get(0)
                .path("id").asString();
        NotificationDelivered delivered = NotificationDelivered.newBuilder().setEventId(jobTaskId + ":3#webhook-0:FAILED")
                .setDeliveryId(jobTaskId + ":3#webhook-0").setNoticeEventId(jobTaskId + ":3")
                .setSubject(NoticeSubject.JOB_TASK).setJobTaskId(jobTaskId).setPipelineTaskId(ptId)
                .setEvent("FAILED").setChannel("DINGTALK").setTarget("https://oapi.dingtalk.com/robot/send")
                .setEndpointId("ep-1").setState(DeliveryState.FAILED).setAttempts(5).setHttpStatus(200)
                .setPlatformCode("310000").setPlatformMessage("sign not match").setDurationMillis(40)
                .setError("the platform refused it: code 310000 (sign not match)").setOccurredAt(Instant.now()).build();
        produce(Topics.NOTIFY_EVENTS, ptId, delivered);
        produce(Topics.NOTIFY_EVENTS, ptId, delivered); // announced twice after a crash
        NotificationDelivered ofRun = NotificationDelivered.newBuilder(delivered).setEventId(ptId + ":2#webhook-0:DELIVERED")
                .setDeliveryId(ptId + ":2#webhook-0").setSubject(NoticeSubject.PIPELINE_TASK).setJobTaskId(null)
                .setEvent("SUCCEEDED").setChannel("GENERIC").setState(DeliveryState.DELIVERED).setAttempts(1)
                .setHttpStatus(204).setPlatformCode(null).setPlatformMessage(null).setError(null).build();
        produce(Topics.NOTIFY_EVENTS, ptId, ofRun);

        await(() -> get("/api/v1/pipeline-tasks/" + ptId).json().path("deliveries").size() == 1);
        Response jobTask = get("/api/v1/job-tasks/" + jobTaskId);
        assertThat(jobTask.json().path("deliveries").size()).isEqualTo(1);
        assertThat(jobTask.json().path("deliveries").get(0).path("platformCode").asString()).isEqualTo("310000");
        assertThat(jobTask.json().path("deliveries").get(0).path("state").asString()).isEqualTo("FAILED");
        assertThat(jobTask.json().path("deliveries").get(0).path("attempts").asInt()).isEqualTo(5);
        assertThat(get("/api/v1/pipeline-tasks/" + ptId).json().path("deliveries").get(0).path("state").asString())
                .isEqualTo("DELIVERED");
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 20 s").isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

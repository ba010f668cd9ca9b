package io.mflow.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run started by a push tells the pushed commit how it goes: a real local HTTP server stands in for GitLab's and
 * GitHub's commit status APIs, task events come through the real broker, deliveries are recorded in the real store.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.notify.request-timeout=2s",
        "mflow.notify.first-backoff=1s",
        "mflow.notify.max-attempts=3",
        "mflow.notify.poll-interval=200ms",
        "mflow.notify.base-url=https://mflow.example.com",
        "mflow.notify.allowed-private-networks=127.0.0.0/8"})
@EmbeddedKafka(partitions = 1)
class CommitStatusIT {

    private static final String KEY = NotifyTestEngine.KEY;
    private static final SealedValues SEALED = new SealedValues(KEY);
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String GITLAB_TOKEN = "glpat-a-gitlab-token-1234";
    private static final String GITHUB_TOKEN = "ghp_aGitHubTokenOf36Characters000000";

    static MongoServer mongo;
    static Receiver provider = new Receiver();
    static KafkaProducer<Object, Object> producer;
    static final List<ConsumerRecord<String, SpecificRecord>> announced = new CopyOnWriteArrayList<>();
    static Thread announcementReader;

    @Autowired
    JsonMapper json;
    @Autowired
    MongoTemplate store;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        mongo = NotifyTestEngine.store(registry);
    }

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        producer = NotifyTestEngine.signedProducer(broker);
        announcementReader = NotifyTestEngine.reader(broker, "status-announcements", Topics.NOTIFY_EVENTS, announced);
    }

    @AfterAll
    static void stop() {
        announcementReader.interrupt();
        producer.close();
        provider.close();
        mongo.shutdown();
    }

    @Test
    void gitlabAndGithubReceiveTheRunsStatesInOrderWithTheirTokensWhichNothingElseHolds() throws Exception {
        String gitlab = "/api/v4/projects/42/statuses/0a1b2c3d";
        String github = "/repos/acme/shop/statuses/0a1b2c3d";
        String jobLevel = "/api/v4/projects/42/statuses/job-level";
        provider.answer(gitlab, new Receiver.Answer(201, "{\"id\":1,\"status\":\"running\"}"));
        provider.answer(github, new Receiver.Answer(201, "{\"id\":2,\"state\":\"pending\"}"));
        PipelineTaskCreated plan = plan("pt-push", "jt-push",
                statusHook(provider.url(jobLevel), "GITLAB_STATUS", "PRIVATE-TOKEN", GITLAB_TOKEN));
        plan.setWebhooks(List.of(
                statusHook(provider.url(gitlab), "GITLAB_STATUS", "PRIVATE-TOKEN", GITLAB_TOKEN),
                statusHook(provider.url(github), "GITHUB_STATUS", "Authorization", "Bearer " + GITHUB_TOKEN)));
        publish("pt-push", plan);

        publish("pt-push", pipelineChange("pt-push", 1, Stage.PENDING, Stage.ACTIVE));
        await().atMost(PATIENCE).until(() -> provider.requestsTo(gitlab).size() == 1
                && provider.requestsTo(github).size() == 1);
        publish("pt-push", jobChange("jt-push", "pt-push", 2, Stage.ACTIVE, Stage.SUCCEEDED));
        publish("pt-push", pipelineChange("pt-push", 3, Stage.ACTIVE, Stage.SUCCEEDED));
        await().atMost(PATIENCE).until(() -> provider.requestsTo(gitlab).size() == 2
                && provider.requestsTo(github).size() == 2);

        List<Map<String, Object>> toGitlab = bodies(gitlab);
        assertThat(toGitlab).extracting(b -> b.get("state")).containsExactly("running", "success");
        assertThat(toGitlab.get(1)).containsEntry("name", "mflow/release")
                .containsEntry("target_url", "https://mflow.example.com/api/v1/pipeline-tasks/pt-push")
                .containsEntry("description", "The run succeeded in 1m");
        assertThat(provider.requestsTo(gitlab)).extracting(r -> r.header("PRIVATE-TOKEN"))
                .containsOnly(GITLAB_TOKEN);

        List<Map<String, Object>> toGithub = bodies(github);
        assertThat(toGithub).extracting(b -> b.get("state")).containsExactly("pending", "success");
        assertThat(toGithub.get(0)).containsOnlyKeys("state", "context", "target_url", "description")
                .containsEntry("context", "mflow/release");
        assertThat(provider.requestsTo(github)).extracting(r -> r.header("Authorization"))
                .containsOnly("Bearer " + GITHUB_TOKEN);
        assertThat(provider.requestsTo(github).get(0).header("Accept")).isEqualTo("application/vnd.github+json");

        NotificationDelivered success = awaitAnnounced("pt-push:3#webhook-0");
        assertThat(success.getState().name()).isEqualTo("DELIVERED");
        assertThat(success.getHttpStatus()).isEqualTo(201);
        assertThat(success.getChannel()).isEqualTo("GITLAB_STATUS");
        assertThat(success.getTarget()).doesNotContain("0a1b2c3d");
        Thread.sleep(500);
        assertThat(provider.requestsTo(jobLevel)).as("a job task's change is not the commit's state").isEmpty();
        for (ConsumerRecord<String, SpecificRecord> record : announced) {
            assertThat(record.value().toString()).doesNotContain(GITLAB_TOKEN, GITHUB_TOKEN);
        }
        for (String collection : store.getCollectionNames()) {
            assertThat(store.getCollection(collection).find().into(new ArrayList<>()).toString())
                    .as("what %s holds", collection).doesNotContain(GITLAB_TOKEN, GITHUB_TOKEN);
        }
    }

    @Test
    void aStatusTheProviderFailsWithA500IsTriedAgainAndTheDeliveryIsRecorded() throws Exception {
        String gitlab = "/api/v4/projects/7/statuses/feedbeef";
        provider.answer(gitlab, new Receiver.Answer(500, "{\"message\":\"500 Internal Server Error\"}"),
                new Receiver.Answer(201, "{\"id\":3}"));
        PipelineTaskCreated plan = plan("pt-retry", "jt-retry");
        plan.setWebhooks(List.of(statusHook(provider.url(gitlab), "GITLAB_STATUS", "PRIVATE-TOKEN", GITLAB_TOKEN)));
        publish("pt-retry", plan);

        publish("pt-retry", pipelineChange("pt-retry", 1, Stage.ACTIVE, Stage.FAILED));

        NotificationDelivered delivered = awaitAnnounced("pt-retry:1#webhook-0");
        assertThat(delivered.getState().name()).isEqualTo("DELIVERED");
        assertThat(delivered.getAttempts()).isEqualTo(2);
        assertThat(delivered.getHttpStatus()).isEqualTo(201);
        assertThat(bodies(gitlab)).extracting(b -> b.get("state")).containsExactly("failed", "failed");
        assertThat(bodies(gitlab).get(0)).containsEntry("description", "The run failed in 1m: moved to FAILED");
        org.bson.Document recorded = store.getCollection("deliveries")
                .find(new org.bson.Document("_id", "pt-retry:1#webhook-0")).first();
        assertThat(recorded.getString("state")).isEqualTo("DELIVERED");
        assertThat(recorded.getInteger("attempts")).isEqualTo(2);
        assertThat(recorded.toJson()).doesNotContain(GITLAB_TOKEN);
    }

    @Test
    void anOlderStateWaitingForItsRetryIsNotSentOnceALaterOneWasDelivered() throws Exception {
        String github = "/repos/acme/shop/statuses/cafe0001";
        provider.answer(github, new Receiver.Answer(503, "unavailable"), new Receiver.Answer(201, "{\"id\":4}"));
        PipelineTaskCreated plan = plan("pt-late", "jt-late");
        plan.setWebhooks(List.of(statusHook(provider.url(github), "GITHUB_STATUS", "Authorization",
                "Bearer " + GITHUB_TOKEN)));
        publish("pt-late", plan);

        publish("pt-late", pipelineChange("pt-late", 1, Stage.PENDING, Stage.ACTIVE));
        await().atMost(PATIENCE).until(() -> provider.requestsTo(github).size() == 1); // 503: retried in 1 s
        publish("pt-late", pipelineChange("pt-late", 2, Stage.ACTIVE, Stage.SUCCEEDED));

        assertThat(awaitAnnounced("pt-late:2#webhook-0").getState().name()).isEqualTo("DELIVERED");
        NotificationDelivered running = awaitAnnounced("pt-late:1#webhook-0");
        assertThat(running.getState().name()).isEqualTo("FAILED");
        assertThat(running.getError()).isEqualTo("superseded: a later state of its run is told instead");
        assertThat(bodies(github)).extracting(b -> b.get("state")).containsExactly("pending", "success");
    }

    // ---- fixtures ----

    private List<Map<String, Object>> bodies(String path) {
        return provider.requestsTo(path).stream()
                .map(r -> json.readValue(r.body(), new TypeReference<Map<String, Object>>() { })).toList();
    }

    private void publish(String key, SpecificRecord record) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, key, record)).get();
    }

    private static NotificationDelivered awaitAnnounced(String deliveryId) {
        await().atMost(PATIENCE).until(() -> announcedFor(deliveryId) != null);
        return announcedFor(deliveryId);
    }

    private static NotificationDelivered announcedFor(String deliveryId) {
        return announced.stream().map(ConsumerRecord::value).filter(NotificationDelivered.class::isInstance)
                .map(NotificationDelivered.class::cast).filter(d -> d.getDeliveryId().equals(deliveryId))
                .findFirst().orElse(null);
    }

    /** As the git trigger plans it: url and token sealed, the token header sealed for the plain url. */
    private static Webhook statusHook(String url, String type, String header, String token) {
        return Webhook.newBuilder().setUrl(SEALED.seal(url, SealedPlace.webhookUrl())).setEvents(List.of())
                .setHeaders(Map.of(header, SEALED.seal(token, SealedPlace.webhookHeader(url, header))))
                .setType(type).build();
    }

    private static PipelineTaskCreated plan(String pipelineTaskId, String jobTaskId, Webhook... jobWebhooks) {
        TaskPlan task = TaskPlan.newBuilder().setJobTaskId(jobTaskId).setName("build " + jobTaskId)
                .setJobName("build").setRunnerType("LOCAL").setRunnerSpec("echo hi").setParams(List.of())
                .setUpdateToken("enc:v1:token").setWebhooks(List.of(jobWebhooks)).setMentions(List.of()).build();
        return PipelineTaskCreated.newBuilder().setEventId(pipelineTaskId + "#created")
                .setPipelineTaskId(pipelineTaskId).setPipelineId("p-1").setPipelineName("release")
                .setStages(List.of(StagePlan.newBuilder().setName("compile").setParallel(false)
                        .setTasks(List.of(task)).build()))
                .setTriggeredBy("gitlab:vera").setCreatedAt(Instant.parse("2026-11-25T06:00:00Z")).build();
    }

    private static PipelineTaskStatusChanged pipelineChange(String pipelineTaskId, int transition, Stage from,
                                                            Stage to) {
        return PipelineTaskStatusChanged.newBuilder().setEventId(pipelineTaskId + ":" + transition)
                .setPipelineTaskId(pipelineTaskId).setPipelineId("p-1").setPipelineName("release")
                .setPreviousStage(from).setStage(to).setMessage("moved to " + to).setTriggeredBy("gitlab:vera")
                .setStartedAt(Instant.parse("2026-11-25T06:00:00Z"))
                .setOccurredAt(Instant.parse("2026-11-25T06:00:00Z").plusSeconds(to.ordinal() > 5 ? 60 : transition))
                .build();
    }

    private static JobTaskStatusChanged jobChange(String jobTaskId, String pipelineTaskId, int transition, Stage from,
                                                  Stage to) {
        return JobTaskStatusChanged.newBuilder().setEventId(jobTaskId + ":" + transition).setJobTaskId(jobTaskId)
                .setJobTaskName("build " + jobTaskId).setPipelineTaskId(pipelineTaskId).setStageName("compile")
                .setPreviousStage(from).setStage(to).setMessage("moved to " + to).setOutputs(Map.of())
                .setTriggeredBy("gitlab:vera").setStartedAt(Instant.parse("2026-11-25T06:00:00Z"))
                .setOccurredAt(Instant.parse("2026-11-25T06:00:00Z").plusSeconds(transition)).build();
    }
}

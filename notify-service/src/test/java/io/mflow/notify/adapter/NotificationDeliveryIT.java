package io.mflow.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import de.bwaldvogel.mongo.MongoServer;
import io.mflow.notify.app.ManageEndpoints;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.common.DeliveryState;
import io.mflow.schemas.common.GateKind;
import io.mflow.schemas.common.GateStage;
import io.mflow.schemas.common.Mention;
import io.mflow.schemas.common.NoticeSubject;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.event.NotifyEndpointChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * notify-service with a real broker, a real store (the MongoDB wire protocol), real HTTP receivers and a real SMTP
 * server (GreenMail): what a receiver gets, how failures are retried and recorded, and what is announced.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.notify.request-timeout=2s",
        "mflow.notify.first-backoff=200ms",
        "mflow.notify.max-attempts=3",
        "mflow.notify.poll-interval=200ms",
        "mflow.notify.base-url=https://mflow.example.com",
        "mflow.notify.allowed-private-networks=127.0.0.0/8"})
@EmbeddedKafka(partitions = 1)
class NotificationDeliveryIT {

    private static final String KEY = NotifyTestEngine.KEY;
    private static final SealedValues SEALED = new SealedValues(KEY);
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a-signing-secret-of-32-bytes!!!!".getBytes(StandardCharsets.UTF_8));

    static MongoServer mongo;
    static GreenMail smtp;
    static Receiver receiver = new Receiver();
    /** Writes as task-service does: with the engine's MAC, which the services' shared secret key makes. */
    static KafkaProducer<Object, Object> producer;
    static KafkaProducer<Object, Object> rawProducer;
    static final List<ConsumerRecord<String, SpecificRecord>> announced = new CopyOnWriteArrayList<>();
    static Thread announcementReader;

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JsonMapper json;
    @Autowired
    ManageEndpoints endpoints;
    @Autowired
    OutboxRelay relay;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate store;
    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        mongo = NotifyTestEngine.store(registry);
        smtp = NotifyTestEngine.mail(registry);
    }

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        producer = NotifyTestEngine.signedProducer(broker);
        rawProducer = NotifyTestEngine.signedProducer(broker, new ByteArraySerializer());
        announcementReader = NotifyTestEngine.reader(broker, "announcement-reader", Topics.NOTIFY_EVENTS, announced);
    }

    @AfterAll
    static void stop() {
        announcementReader.interrupt();
        producer.close();
        rawProducer.close();
        receiver.close();
        smtp.stop();
        mongo.shutdown();
    }

    @Test
    void aWebhookHearsOnlyWhatItAskedForAsASignedVersionTwoDocumentWithItsHeaders() throws Exception {
        Webhook onSuccess = webhook(receiver.url("/on-success"), List.of("succeeded"), Map.of("X-Token",
                "plain-token"), "GENERIC", SECRET);
        Webhook onEverything = webhook(receiver.url("/on-everything"), List.of(), Map.of(), null, null);
        publish("pt-a", plan("pt-a", "jt-a", List.of(), onSuccess, onEverything));

        publish("pt-a", change("jt-a", 1, Stage.PENDING, Stage.ACTIVE));
        publish("pt-a", change("jt-a", 2, Stage.ACTIVE, Stage.SUCCEEDED));

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(receiver.requestsTo("/on-success")).hasSize(1);
            assertThat(receiver.requestsTo("/on-everything")).hasSize(2);
        });
        Receiver.Request success = receiver.requestsTo("/on-success").get(0);
        assertThat(success.header("X-Token")).isEqualTo("plain-token");
        assertThat(success.header("Content-Type")).isEqualTo("application/json");
        assertThat(success.header("webhook-id")).isEqualTo("jt-a:2#webhook-0");
        String signed = success.header("webhook-id") + "." + success.header("webhook-timestamp") + "." + success.body();
        assertThat(success.header("webhook-signature")).isEqualTo("v1," + hmac(SECRET, signed));
        Map<String, Object> body = json.readValue(success.body(), new TypeReference<>() { });
        assertThat(body).containsEntry("version", 2).containsEntry("type", "job_task.stage_changed")
                .containsEntry("event", "JobTaskStatusChanged").containsEntry("eventId", "jt-a:2")
                .containsEntry("jobTaskId", "jt-a").containsEntry("pipelineName", "release")
                .containsEntry("stage", "SUCCEEDED").containsEntry("previousStage", "ACTIVE")
                .containsEntry("triggeredBy", "vera").containsEntry("durationMillis", 2000)
                .containsEntry("link", "https://mflow.example.com/api/v1/job-tasks/jt-a")
                .containsEntry("params", Map.of("GOAL", "package", "DB_PASSWORD", "******"));
        assertThat(success.body()).doesNotContain("secret-output", "hunter2", "the-update-token",
                SealedValues.PREFIX, "JOB_TASK_UPDATE_TOKEN");
        assertThat(receiver.requestsTo("/on-everything").get(0).header("webhook-signature"))
                .as("no secret, no signature").isNull();
    }

    @Test
    void everySettledDeliveryIsRecordedOnceAndAnnouncedWithItsResult() throws Exception {
        publish("pt-list", plan("pt-list", "jt-list", List.of(),
                webhook(receiver.url("/listed?access_token=t0ken"), List.of(), Map.of(), null, null)));
        publish("pt-list", change("jt-list", 1, Stage.PENDING, Stage.ACTIVE));
        publish("pt-list", change("jt-list", 1, Stage.PENDING, Stage.ACTIVE)); // redelivered

        NotificationDelivered delivered = awaitAnnounced("jt-list:1#webhook-0");
        assertThat(delivered.getState().name()).isEqualTo("DELIVERED");
        assertThat(delivered.getAttempts()).isEqualTo(1);
        assertThat(delivered.getHttpStatus()).isEqualTo(200);
        assertThat(delivered.getResponseExcerpt()).isEqualTo("{\"ok\":true}");
        assertThat(delivered.getTarget()).isEqualTo(receiver.url("/listed?access_token=******"))
                .doesNotContain("t0ken");
        assertThat(delivered.getJobTaskId()).isEqualTo("jt-list");
        Thread.sleep(500);
        assertThat(receiver.requestsTo("/listed")).as("a redelivered event is not sent again").hasSize(1);
        assertThat(announcedFor("jt-list:1#webhook-0")).hasSize(1);
        assertThat(announced.stream().filter(r -> r.value() instanceof NotificationDelivered d
                        && d.getDeliveryId().equals("jt-list:1#webhook-0")).findFirst().orElseThrow()
                .headers().lastHeader("mflow-stored-at")).as("sent by the outbox relay, when it was stored").isNotNull();
    }

    @Test
    void aFailureWorthRetryingIsTriedAgainWithTheSameIdUntilItIsDelivered() throws Exception {
        receiver.answer("/flaky", new Receiver.Answer(503, "busy"), new Receiver.Answer(429, "slow down"),
                new Receiver.Answer(204, ""));
        publish("pt-flaky", plan("pt-flaky", "jt-flaky", List.of(),
                webhook(receiver.url("/flaky"), List.of(), Map.of(), null, SECRET)));
        publish("pt-flaky", change("jt-flaky", 1, Stage.PENDING, Stage.ACTIVE));

        NotificationDelivered delivered = awaitAnnounced("jt-flaky:1#webhook-0");
        assertThat(delivered.getState().name()).isEqualTo("DELIVERED");
        assertThat(delivered.getAttempts()).isEqualTo(3);
        List<Receiver.Request> tries = receiver.requestsTo("/flaky");
        assertThat(tries).extracting(r -> r.header("webhook-id")).containsOnly("jt-flaky:1#webhook-0");
        assertThat(Duration.between(tries.get(0).receivedAt(), tries.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(180));
        assertThat(Duration.between(tries.get(1).receivedAt(), tries.get(2).receivedAt()))
                .as("the back-off doubles").isGreaterThanOrEqualTo(Duration.ofMillis(380));
    }

    @Test
    void aRequestTheReceiverRefusesFailsAtOnceAndOneThatKeepsFailingFailsAfterItsAttempts() throws Exception {
        receiver.answer("/gone", new Receiver.Answer(410, "no such hook"));
        receiver.answer("/down", new Receiver.Answer(502, "bad gateway"));
        double failedBefore = failedWebhookDeliveries();
        publish("pt-fail", plan("pt-fail", "jt-fail", List.of(),
                webhook(receiver.url("/gone"), List.of(), Map.of(), null, null),
                webhook(receiver.url("/down"), List.of(), Map.of(), null, null)));
        publish("pt-fail", change("jt-fail", 1, Stage.PENDING, Stage.ACTIVE));

        NotificationDelivered gone = awaitAnnounced("jt-fail:1#webhook-0");
        assertThat(gone.getState().name()).isEqualTo("FAILED");
        assertThat(gone.getAttempts()).isEqualTo(1);
        assertThat(gone.getError()).isEqualTo("the receiver answered HTTP 410");
        NotificationDelivered down = awaitAnnounced("jt-fail:1#webhook-1");
        assertThat(down.getState().name()).isEqualTo("FAILED");
        assertThat(down.getAttempts()).isEqualTo(3);
        assertThat(down.getHttpStatus()).isEqualTo(502);
        assertThat(failedWebhookDeliveries()).as("what the dashboard shows as notification failures")
                .isGreaterThanOrEqualTo(failedBefore + 2);
    }

    private double failedWebhookDeliveries() {
        io.micrometer.core.instrument.Counter failed = meters.find("mflow.notify.deliveries")
                .tags("outcome", "FAILED", "channel", "GENERIC").counter();
        return failed == null ? 0 : failed.count();
    }

    @Test
    void aHangingReceiverDoesNotHoldUpAnotherOne() throws Exception {
        receiver.hang("/slow");
        publish("pt-hang", plan("pt-hang", "jt-hang", List.of(),
                webhook(receiver.url("/slow"), List.of(), Map.of(), null, null),
                webhook(receiver.url("/quick"), List.of(), Map.of(), null, null)));
        publish("pt-hang", change("jt-hang", 1, Stage.PENDING, Stage.ACTIVE));

        await().atMost(PATIENCE).until(() -> receiver.requestsTo("/quick").size() == 1);
        Instant slowArrived = receiver.requestsTo("/slow").get(0).receivedAt();
        Instant quickArrived = receiver.requestsTo("/quick").get(0).receivedAt();
        // had the quick one waited for the slow one, they would be a 2 s timeout apart
        assertThat(Duration.between(slowArrived, quickArrived).abs()).isLessThan(Duration.ofMillis(1500));
        NotificationDelivered slow = awaitAnnounced("jt-hang:1#webhook-0");
        assertThat(slow.getError()).isEqualTo("no answer within 2000 ms");
    }

    @Test
    void receiversThatDribbleTheirRepliesAreCutAtTheDeadlineAndHoldUpNoOtherDelivery() throws Exception {
        // as many dribblers as there are senders: without the deadline they would hold every one for ten minutes
        List<Webhook> hooks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            receiver.dribble("/dribble-" + i);
            hooks.add(webhook(receiver.url("/dribble-" + i), List.of(), Map.of(), null, null));
        }
        hooks.add(webhook(receiver.url("/on-time"), List.of(), Map.of(), null, null));
        publish("pt-dribble", plan("pt-dribble", "jt-dribble", List.of(), hooks.toArray(Webhook[]::new)));
        publish("pt-dribble", change("jt-dribble", 1, Stage.PENDING, Stage.ACTIVE));

        await().atMost(PATIENCE).until(() -> receiver.requestsTo("/on-time").size() == 1);
        Instant firstDribbler = receiver.requestsTo("/dribble-0").get(0).receivedAt();
        Instant onTime = receiver.requestsTo("/on-time").get(0).receivedAt();
        // at worst it waited one 2 s deadline for a sender; a dribbled reply lasts 600 s
        assertThat(Duration.between(firstDribbler, onTime).abs()).isLessThan(Duration.ofSeconds(5));
        for (int i = 0; i < 8; i++) {
            NotificationDelivered cut = awaitAnnounced("jt-dribble:1#webhook-" + i);
            assertThat(cut.getState().name()).as("cut on every attempt, then failed for good").isEqualTo("FAILED");
            assertThat(cut.getAttempts()).isEqualTo(3);
            assertThat(cut.getError()).isEqualTo("the reply was not read to its end within 2000 ms");
            assertThat(cut.getDurationMillis()).isLessThan(3000L);
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receiver.hungUpOn("/dribble-0"))
                .as("the connection was closed, not left open").isEqualTo(3));
        assertThat(receiver.dribbledTo("/dribble-0")).isLessThan(3 * 5);
    }

    @Test
    void anInternalAddressIsRefusedWithoutARequest() throws Exception {
        publish("pt-ssrf", plan("pt-ssrf", "jt-ssrf", List.of(),
                webhook("http://169.254.169.254/latest/meta-data/", List.of(), Map.of(), null, null)));
        publish("pt-ssrf", change("jt-ssrf", 1, Stage.PENDING, Stage.ACTIVE));

        NotificationDelivered refused = awaitAnnounced("jt-ssrf:1#webhook-0");
        assertThat(refused.getState().name()).isEqualTo("FAILED");
        assertThat(refused.getAttempts()).isZero();
        assertThat(refused.getError()).contains("169.254.169.254").contains("refused");
    }

    @Test
    void chatRobotsGetTheirOwnFormatSignedAndAreJudgedByTheirPlatformsCode() throws Exception {
        receiver.answer("/feishu", new Receiver.Answer(200, "{\"code\":0,\"msg\":\"success\"}"));
        receiver.answer("/dingtalk", new Receiver.Answer(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"));
        receiver.answer("/wecom", new Receiver.Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        receiver.answer("/slack", new Receiver.Answer(200, "ok"));
        publish("pt-bots", plan("pt-bots", "jt-bots", List.of(),
                webhook(receiver.url("/feishu"), List.of(), Map.of(), "FEISHU", "feishu-secret"),
                webhook(receiver.url("/dingtalk?access_token=ding"), List.of(), Map.of(), "DINGTALK",
                        "ding-secret"),
                webhook(receiver.url("/wecom?key=wecom"), List.of(), Map.of(), "WECOM", null),
                webhook(receiver.url("/slack"), List.of(), Map.of(), "SLACK", null)));
        publish("pt-bots", change("jt-bots", 1, Stage.ACTIVE, Stage.FAILED));

        assertThat(awaitAnnounced("jt-bots:1#webhook-0").getState().name()).isEqualTo("DELIVERED");
        Map<String, Object> card = json.readValue(receiver.requestsTo("/feishu").get(0).body(), new TypeReference<>() { });
        assertThat(card).containsEntry("msg_type", "interactive").containsKeys("timestamp", "sign");
        assertThat(card.get("sign")).isEqualTo(hmacKeyed(card.get("timestamp") + "\nfeishu-secret", ""));
        assertThat(receiver.requestsTo("/feishu").get(0).body()).contains("\"template\":\"red\"")
                .contains("Task build jt-bots (stage compile) of pipeline release: FAILED");

        NotificationDelivered ding = awaitAnnounced("jt-bots:1#webhook-1");
        assertThat(ding.getState().name()).as("HTTP 200 with a failure code is a failed delivery").isEqualTo("FAILED");
        assertThat(ding.getPlatformCode()).isEqualTo("310000");
        assertThat(ding.getPlatformMessage()).isEqualTo("sign not match");
        assertThat(ding.getAttempts()).isEqualTo(3);
        Receiver.Request dingRequest = receiver.requestsTo("/dingtalk").get(0);
        assertThat(dingRequest.query()).startsWith("access_token=ding&timestamp=").contains("&sign=");
        assertThat(dingRequest.body()).contains("\"msgtype\":\"actionCard\"").contains("\"singleURL\":\"https://mflow.example.com/api/v1/job-tasks/jt-bots\"");

        assertThat(awaitAnnounced("jt-bots:1#webhook-2").getState().name()).isEqualTo("DELIVERED");
        assertThat(receiver.requestsTo("/wecom").get(0).body()).contains("\"msgtype\":\"markdown\"");
        assertThat(awaitAnnounced("jt-bots:1#webhook-3").getState().name()).isEqualTo("DELIVERED");
        assertThat(receiver.requestsTo("/slack").get(0).body()).contains("\"blocks\"").contains("*Stage:* FAILED");
    }

    /**
     * task-service hands a webhook's url sealed, since a chat robot's url holds its access token: only the request to
     * the robot carries it; the announced result, the deliveries and what is stored show it masked.
     */
    @Test
    void aRobotsTokenInItsSealedUrlReachesTheRobotAndNothingElse() throws Exception {
        String token = "wecom-robot-token-7f3a";
        receiver.answer("/cgi-bin/webhook/send", new Receiver.Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        publish("pt-sealed", plan("pt-sealed", "jt-sealed", List.of(),
                webhook(SEALED.seal(receiver.url("/cgi-bin/webhook/send?key=" + token), SealedPlace.webhookUrl()),
                        List.of(), Map.of(),
                        "WECOM", null)));
        publish("pt-sealed", change("jt-sealed", 1, Stage.ACTIVE, Stage.FAILED));

        NotificationDelivered delivered = awaitAnnounced("jt-sealed:1#webhook-0");
        assertThat(delivered.getState().name()).isEqualTo("DELIVERED");
        assertThat(receiver.requestsTo("/cgi-bin/webhook/send").get(0).query()).isEqualTo("key=" + token);
        assertThat(delivered.getTarget()).endsWith("/cgi-bin/webhook/send?key=******");
        assertThat(delivered.toString()).doesNotContain(token);
        for (String collection : store.getCollectionNames()) {
            assertThat(store.getCollection(collection).find().into(new java.util.ArrayList<>()).toString())
                    .as("what %s holds", collection).doesNotContain(token);
        }
    }

    @Test
    void aMentionedUserAndTheAuditorsWhoMustDecideGetAnEmail() throws Exception {
        publish("pt-mail", plan("pt-mail", "jt-mail", List.of(mention("alice", List.of("failed"))),
                new Webhook[0]));
        publish("pt-mail", change("jt-mail", 1, Stage.ACTIVE, Stage.FAILED));
        publish("pt-mail", JobTaskGateChanged.newBuilder().setEventId("jt-mail:2").setJobTaskId("jt-mail")
                .setJobTaskName("build jt-mail").setPipelineTaskId("pt-mail").setStageName("compile")
                .setGate(GateKind.AUDIT).setStage(GateStage.WAITING).setDecisions(List.of())
                .setOccurredAt(Instant.parse("2026-11-25T06:00:09Z")).setTriggeredBy("vera")
                .setPeople(List.of("bob")).build());

        await().atMost(PATIENCE).until(() -> smtp.getReceivedMessages().length >= 2);
        MimeMessage toAlice = messageTo("alice@example.com");
        assertThat(toAlice.getSubject()).isEqualTo("[mflow] Task build jt-mail (stage compile) of pipeline release: FAILED");
        assertThat((String) toAlice.getContent()).contains("Message: moved to FAILED")
                .contains("DB_PASSWORD=******").doesNotContain("**Message");
        MimeMessage toBob = messageTo("bob@example.com");
        assertThat(toBob.getSubject()).isEqualTo("[mflow] Approval needed: task build jt-mail (stage compile) of pipeline release");
        assertThat((String) toBob.getContent())
                .contains("POST https://mflow.example.com/api/v1/job-tasks/jt-mail/audit");
        assertThat(awaitAnnounced("jt-mail:2#audit_waiting-bob").getChannel()).isEqualTo("EMAIL");
    }

    @Test
    void aPipelinesOwnWebhookHearsOfThePipelineTasksChanges() throws Exception {
        PipelineTaskCreated plan = plan("pt-own", "jt-own", List.of());
        plan.setWebhooks(List.of(webhook(receiver.url("/pipeline"), List.of("succeeded"), Map.of(), null, null)));
        publish("pt-own", plan);
        publish("pt-own", PipelineTaskStatusChanged.newBuilder().setEventId("pt-own:2").setPipelineTaskId("pt-own")
                .setPipelineId("p-1").setPipelineName("release").setPreviousStage(Stage.ACTIVE)
                .setStage(Stage.SUCCEEDED).setMessage("all stages succeeded").setTriggeredBy("vera")
                .setStartedAt(Instant.parse("2026-11-25T06:00:00Z")).setOccurredAt(Instant.parse("2026-11-25T06:01:00Z"))
                .build());

        await().atMost(PATIENCE).until(() -> receiver.requestsTo("/pipeline").size() == 1);
        Map<String, Object> body = json.readValue(receiver.requestsTo("/pipeline").get(0).body(), new TypeReference<>() { });
        assertThat(body).containsEntry("type", "pipeline_task.stage_changed").containsEntry("pipelineTaskId", "pt-own")
                .containsEntry("stage", "SUCCEEDED").containsEntry("durationMillis", 60000)
                .containsEntry("link", "https://mflow.example.com/api/v1/pipeline-tasks/pt-own");
        assertThat(awaitAnnounced("pt-own:2#webhook-0").getSubject().name()).isEqualTo("PIPELINE_TASK");
    }

    @Test
    void aRunsEndIsNotedForRetentionAndForgottenWhenARetryResumesIt() throws Exception {
        publish("pt-ends", plan("pt-ends", "jt-ends", List.of()));
        publish("pt-ends", change("jt-ends", 2, Stage.ACTIVE, Stage.FAILED));
        publish("pt-ends", runMoved("pt-ends", 2, Stage.ACTIVE, Stage.FAILED));
        await().atMost(PATIENCE).until(() -> endedAt("pt-ends") != null);
        // a job task's end is not its run's
        assertThat(store.getCollection("subscriptions").find(new org.bson.Document("_id", "jt-ends")).first())
                .isNotNull().doesNotContainKey("endedAt");

        publish("pt-ends", runMoved("pt-ends", 3, Stage.FAILED, Stage.ACTIVE));
        await().atMost(PATIENCE).until(() -> endedAt("pt-ends") == null);
    }

    /** When the stored subscription says its run ended; null also while it is not stored yet. */
    private Object endedAt(String ownerId) {
        org.bson.Document stored = store.getCollection("subscriptions").find(new org.bson.Document("_id", ownerId))
                .first();
        return stored == null ? null : stored.get("endedAt");
    }

    private static PipelineTaskStatusChanged runMoved(String pipelineTaskId, int transition, Stage from, Stage to) {
        return PipelineTaskStatusChanged.newBuilder().setEventId(pipelineTaskId + ":" + transition)
                .setPipelineTaskId(pipelineTaskId).setPipelineId("p-1").setPipelineName("release")
                .setPreviousStage(from).setStage(to).setMessage("moved to " + to).setTriggeredBy("vera")
                .setStartedAt(Instant.parse("2026-11-25T06:00:00Z"))
                .setOccurredAt(Instant.parse("2026-11-25T06:00:00Z").plusSeconds(transition)).build();
    }

    @Test
    void anEndpointThatFailsTwentyDeliveriesInARowIsDisabledAnnouncedAndEnabledAgainByAnAdmin() throws Exception {
        receiver.answer("/dead", new Receiver.Answer(404, "not here"));
        publish("pt-dead", plan("pt-dead", "jt-dead", List.of(),
                webhook(receiver.url("/dead"), List.of(), Map.of(), null, null)));
        for (int i = 1; i <= 20; i++) {
            publish("pt-dead", change("jt-dead", i, Stage.PENDING, Stage.ACTIVE));
        }
        await().atMost(PATIENCE).until(() -> announced.stream().map(ConsumerRecord::value)
                .anyMatch(e -> e instanceof NotifyEndpointChanged changed && changed.getTarget().equals(receiver.url("/dead"))));
        NotifyEndpointChanged disabled = announced.stream().map(ConsumerRecord::value)
                .filter(NotifyEndpointChanged.class::isInstance).map(NotifyEndpointChanged.class::cast)
                .filter(e -> e.getTarget().equals(receiver.url("/dead"))).findFirst().orElseThrow();
        assertThat(disabled.getDisabled()).isTrue();
        assertThat(disabled.getFailuresInARow()).isEqualTo(20);

        publish("pt-dead", change("jt-dead", 21, Stage.PENDING, Stage.ACTIVE));
        NotificationDelivered last = awaitAnnounced("jt-dead:21#webhook-0");
        assertThat(last.getError()).startsWith("endpoint disabled (20 deliveries failed in a row");
        assertThat(last.getAttempts()).isZero();
        assertThat(receiver.requestsTo("/dead")).as("nothing is sent to a disabled endpoint").hasSize(20);

        assertThat(endpoints.enable(disabled.getEndpointId(), "root")).hasValueSatisfying(e ->
                assertThat(e.disabled()).isFalse());
        receiver.answer("/dead", new Receiver.Answer(200, "back"));
        publish("pt-dead", change("jt-dead", 22, Stage.ACTIVE, Stage.SUCCEEDED));
        assertThat(awaitAnnounced("jt-dead:22#webhook-0").getState().name()).isEqualTo("DELIVERED");
    }

    @Test
    void aDeliveryQueuedOrLeasedByAnInstanceThatDiedIsSentByAnotherOnce() throws Exception {
        publish("pt-crash", plan("pt-crash", "jt-crash", List.of(),
                webhook(receiver.url("/after-crash"), List.of(), Map.of(), null, null)));
        publish("pt-crash", change("jt-crash", 1, Stage.PENDING, Stage.ACTIVE));
        awaitAnnounced("jt-crash:1#webhook-0");
        org.bson.Document sent = store.getCollection("deliveries").find(new org.bson.Document("_id",
                "jt-crash:1#webhook-0")).first();
        // An instance queued a delivery, leased it and died before its attempt: the copy left in the queue has a
        // lease that lapsed a moment ago.
        org.bson.Document orphan = new org.bson.Document(sent);
        orphan.put("_id", "jt-crash:2#webhook-0");
        orphan.put("state", "PENDING");
        orphan.put("attempts", 0);
        orphan.put("leaseUntil", java.util.Date.from(Instant.now().minusSeconds(1)));
        orphan.put("nextAttemptAt", java.util.Date.from(Instant.now().minusSeconds(30)));
        orphan.get("notice", org.bson.Document.class).put("eventId", "jt-crash:2");
        orphan.remove("outbox");
        orphan.remove("outboxPending");
        store.getCollection("pending_deliveries").insertOne(orphan);
        // ... and one that an instance settled but died before taking it out of the queue
        org.bson.Document settledLeftover = new org.bson.Document(orphan);
        settledLeftover.put("_id", "jt-crash:1#webhook-0");
        store.getCollection("pending_deliveries").insertOne(settledLeftover);

        NotificationDelivered recovered = awaitAnnounced("jt-crash:2#webhook-0");
        assertThat(recovered.getState().name()).isEqualTo("DELIVERED");
        await().atMost(PATIENCE).until(() -> store.getCollection("pending_deliveries").countDocuments() == 0);
        assertThat(receiver.requestsTo("/after-crash")).extracting(r -> r.header("webhook-id"))
                .containsExactly("jt-crash:1#webhook-0", "jt-crash:2#webhook-0");
    }

    @Test
    void documentsThePreviousVersionWroteAreStillSentAndChanged() throws Exception {
        // A settled delivery whose announcement was stored, not yet sent, by the previous version: its record's id
        // under entryId, no storedAt.
        NotificationDelivered old = NotificationDelivered.newBuilder().setEventId("jt-old:1#webhook-0:DELIVERED")
                .setDeliveryId("jt-old:1#webhook-0").setNoticeEventId("jt-old:1").setSubject(NoticeSubject.JOB_TASK)
                .setJobTaskId("jt-old").setPipelineTaskId("pt-old").setEvent("ACTIVE").setChannel("GENERIC")
                .setTarget("https://hooks.example.com/old").setEndpointId("ep-old").setState(DeliveryState.DELIVERED)
                .setAttempts(1).setHttpStatus(200).setDurationMillis(3).setOccurredAt(Instant.now()).build();
        EncodedRecord encoded = new AvroSerializer().encode(Topics.NOTIFY_EVENTS, old);
        store.getCollection("deliveries").insertOne(new org.bson.Document("_id", "jt-old:1#webhook-0")
                .append("version", 3L).append("ownerId", "jt-old").append("state", "DELIVERED")
                .append("outbox", List.of(new org.bson.Document("entryId", old.getEventId())
                        .append("topic", Topics.NOTIFY_EVENTS).append("key", "pt-old")
                        .append("headers", new org.bson.Document(encoded.headers()))
                        .append("value", new org.bson.types.Binary(encoded.value()))))
                .append("outboxPending", true));
        // ... and an endpoint it disabled, at a version of its own
        store.getCollection("endpoints").insertOne(new org.bson.Document("_id", "ep-old")
                .append("target", "https://hooks.example.com/old").append("failuresInARow", 20)
                .append("disabled", true).append("reason", "20 deliveries failed in a row")
                .append("changedAt", java.util.Date.from(Instant.now())).append("version", 7L)
                .append("outbox", List.of()));

        relay.sweep();

        assertThat(awaitAnnounced("jt-old:1#webhook-0").getEventId()).isEqualTo("jt-old:1#webhook-0:DELIVERED");
        await().atMost(PATIENCE).untilAsserted(() -> {
            org.bson.Document sent = store.getCollection("deliveries")
                    .find(new org.bson.Document("_id", "jt-old:1#webhook-0")).first();
            assertThat(sent.getList("outbox", org.bson.Document.class)).as("the sent record is taken out").isEmpty();
            assertThat(sent).doesNotContainKey("outboxPending");
        });
        assertThat(endpoints.enable("ep-old", "root")).hasValueSatisfying(e -> assertThat(e.disabled()).isFalse());
        await().atMost(PATIENCE).until(() -> announced.stream().map(ConsumerRecord::value)
                .anyMatch(e -> e instanceof NotifyEndpointChanged changed && changed.getEndpointId().equals("ep-old")
                        && !changed.getDisabled()));
        assertThat(store.getCollection("endpoints").find(new org.bson.Document("_id", "ep-old")).first()
                .get("version", Number.class).longValue()).isEqualTo(8);
    }

    @Test
    void undecodableAndForeignRecordsGoToTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        rawProducer.send(new ProducerRecord<>(Topics.TASK_EVENTS, "garbage",
                "not an avro record".getBytes(StandardCharsets.UTF_8))).get();
        publish("foreign", CancelJob.newBuilder().setAttemptId("a#1").setJobTaskId("a").setUpdateToken("enc:v1:x")
                .setIssuedAt(Instant.now()).build());
        publish("pt-after", plan("pt-after", "jt-after", List.of(),
                webhook(receiver.url("/after"), List.of(), Map.of(), null, null)));
        publish("pt-after", change("jt-after", 1, Stage.PENDING, Stage.ACTIVE));

        await().atMost(PATIENCE).until(() -> receiver.requestsTo("/after").size() == 1);
        List<ConsumerRecord<String, byte[]>> dead = deadLetters(2);
        assertThat(dead).extracting(ConsumerRecord::key).contains("garbage", "foreign");
        assertThat(dead).filteredOn(r -> r.key().equals("foreign")).singleElement().satisfies(r ->
                assertThat(new String(r.headers().lastHeader("kafka_dlt-exception-message").value(),
                        StandardCharsets.UTF_8)).contains("not a task event"));
    }

    @Test
    void healthAnswersAnyoneWithItsStatusAndTheRestWantsAToken() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readValue(health.body(), new TypeReference<Map<String, Object>>() { }))
                .containsEntry("status", "UP").doesNotContainKey("components");
        for (String path : List.of("/api/v1/deliveries?jobTaskId=jt-list", "/api/v1/notify/endpoints")) {
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"status\":401");
        }
    }

    // ---- fixtures ----

    private void publish(String key, SpecificRecord record) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, key, record)).get();
    }

    private static List<NotificationDelivered> announcedFor(String deliveryId) {
        return announced.stream().map(ConsumerRecord::value).filter(NotificationDelivered.class::isInstance)
                .map(NotificationDelivered.class::cast).filter(d -> d.getDeliveryId().equals(deliveryId)).toList();
    }

    private static NotificationDelivered awaitAnnounced(String deliveryId) {
        await().atMost(PATIENCE).until(() -> !announcedFor(deliveryId).isEmpty());
        return announcedFor(deliveryId).get(0);
    }

    private static MimeMessage messageTo(String address) throws Exception {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(address)) {
                return message;
            }
        }
        throw new AssertionError("no mail to " + address);
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(int atLeast) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dead-letter-reader", false);
        props.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast;
            });
        }
        return records;
    }

    private static String hmac(String whsec, String data) throws Exception {
        return hmac(Base64.getDecoder().decode(whsec.substring("whsec_".length())), data);
    }

    private static String hmacKeyed(String key, String data) throws Exception {
        return hmac(key.getBytes(StandardCharsets.UTF_8), data);
    }

    private static String hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** A webhook as task-service plans it: its header values and secret sealed for its url. */
    private static Webhook webhook(String url, List<String> events, Map<String, String> headers, String type,
                                   String secret) {
        Map<String, String> sealedHeaders = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> sealedHeaders.put(name, SEALED.seal(value, SealedPlace.webhookHeader(url, name))));
        return Webhook.newBuilder().setUrl(url).setEvents(events).setHeaders(sealedHeaders).setType(type)
                .setSecret(secret == null ? null : SEALED.seal(secret, SealedPlace.webhookSecret(url))).build();
    }

    private static Mention mention(String user, List<String> events) {
        return Mention.newBuilder().setUser(user).setEvents(events).build();
    }

    private static PipelineTaskCreated plan(String pipelineTaskId, String jobTaskId, List<Mention> mentions,
                                            Webhook... webhooks) {
        TaskPlan task = TaskPlan.newBuilder().setJobTaskId(jobTaskId).setName("build " + jobTaskId)
                .setJobName("build").setRunnerType("LOCAL").setRunnerSpec("echo hi")
                .setParams(List.of(param("GOAL", "package", false), param("DB_PASSWORD", SEALED.seal("hunter2", SealedPlace.jobTaskParam(jobTaskId, "DB_PASSWORD")), true),
                        param("JOB_TASK_UPDATE_TOKEN", SEALED.seal("the-update-token",
                                SealedPlace.jobTaskParam(jobTaskId, "JOB_TASK_UPDATE_TOKEN")), true)))
                .setUpdateToken("enc:v1:token").setWebhooks(List.of(webhooks)).setMentions(mentions).build();
        return PipelineTaskCreated.newBuilder().setEventId(pipelineTaskId + "#created")
                .setPipelineTaskId(pipelineTaskId).setPipelineId("p-1").setPipelineName("release")
                .setStages(List.of(StagePlan.newBuilder().setName("compile").setParallel(false)
                        .setTasks(List.of(task)).build()))
                .setContacts(Map.of("alice", SEALED.seal("alice@example.com", SealedPlace.emailAddress("alice")),
                        "bob", SEALED.seal("bob@example.com", SealedPlace.emailAddress("bob"))))
                .setTriggeredBy("vera")
                .setCreatedAt(Instant.parse("2026-11-25T06:00:00Z")).build();
    }

    private static RunParam param(String name, String value, boolean sensitive) {
        return RunParam.newBuilder().setName(name).setValue(value).setSensitive(sensitive).build();
    }

    private static JobTaskStatusChanged change(String jobTaskId, int transition, Stage from, Stage to) {
        return JobTaskStatusChanged.newBuilder().setEventId(jobTaskId + ":" + transition).setJobTaskId(jobTaskId)
                .setJobTaskName("build " + jobTaskId).setPipelineTaskId(jobTaskId.replace("jt-", "pt-"))
                .setStageName("compile").setPreviousStage(from).setStage(to).setMessage("moved to " + to)
                .setOutputs(Map.of("TOKEN", "secret-output")).setTriggeredBy("vera")
                .setStartedAt(Instant.parse("2026-11-25T06:00:00Z"))
                .setOccurredAt(Instant.parse("2026-11-25T06:00:00Z").plusSeconds(transition)).build();
    }
}

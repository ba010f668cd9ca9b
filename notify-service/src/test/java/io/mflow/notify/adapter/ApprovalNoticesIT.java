package io.mflow.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import de.bwaldvogel.mongo.MongoServer;
import io.mflow.notify.adapter.kafka.ApprovalEventsListener;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.common.ApprovalStage;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.ApprovalChanged;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroSerializer;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Release approvals' moves, produced to the real broker as task-service does (signed), told to chat robots (a real
 * local HTTP server stands in for Feishu, Slack and DingTalk) and by e-mail (GreenMail), recorded in the real store.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.notify.request-timeout=2s",
        "mflow.notify.first-backoff=200ms",
        "mflow.notify.max-attempts=3",
        "mflow.notify.poll-interval=200ms",
        "mflow.notify.base-url=https://mflow.example.com",
        "mflow.notify.allowed-private-networks=127.0.0.0/8"})
@EmbeddedKafka(partitions = 1)
class ApprovalNoticesIT {

    private static final String KEY = NotifyTestEngine.KEY;
    private static final SealedValues SEALED = new SealedValues(KEY);
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String TOPIC = ApprovalEventsListener.TOPIC;
    private static final String DB_PASSWORD = "hunter2-of-the-release";

    static MongoServer mongo;
    static GreenMail smtp;
    static Receiver robots = new Receiver();
    static KafkaProducer<Object, Object> producer;

    @Autowired
    JsonMapper json;
    @Autowired
    MongoTemplate store;
    @Autowired
    EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        mongo = NotifyTestEngine.store(registry);
        smtp = NotifyTestEngine.mail(registry);
    }

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        producer = NotifyTestEngine.signedProducer(broker);
    }

    @AfterAll
    static void stop() {
        producer.close();
        robots.close();
        smtp.stop();
        mongo.shutdown();
    }

    @Test
    void aSubmittedApprovalReachesItsAuditorsAsCardsWithButtonsAndByMailAndItsDecisionReachesTheOthersWithout()
            throws Exception {
        robots.answer("/feishu", new Receiver.Answer(200, "{\"code\":0,\"msg\":\"success\"}"));
        robots.answer("/slack", new Receiver.Answer(200, "ok"));
        robots.answer("/ding", new Receiver.Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        List<Webhook> hooks = List.of(robot("/feishu", "FEISHU"), robot("/slack", "SLACK"), robot("/ding", "DINGTALK"));

        publish(approval("ap-1", 1, ApprovalStage.SUBMITTED, "vera", null, hooks));

        await().atMost(PATIENCE).until(() -> robots.requestsTo("/feishu").size() == 1
                && robots.requestsTo("/slack").size() == 1 && robots.requestsTo("/ding").size() == 1
                && smtp.getReceivedMessages().length == 2);
        Map<String, Object> feishu = body("/feishu", 0);
        assertThat(feishu).containsEntry("msg_type", "interactive");
        assertThat(buttonsOf(feishu)).extracting(b -> b.get("value")).containsExactly(
                Map.of("approvalId", "ap-1", "decision", "PASS"), Map.of("approvalId", "ap-1", "decision", "DENY"));
        assertThat(robots.requestsTo("/feishu").get(0).body())
                .contains("Approval needed: Release \\\"2.0\\\" to prod").contains("DB_PASSWORD: ******")
                .contains("**Creator**\\nvera").contains("olga, oscar").contains("alice, bob");
        Map<String, Object> slack = body("/slack", 0);
        assertThat(robots.requestsTo("/slack").get(0).body())
                .contains("\"action_id\":\"mflow.approval.pass\"").contains("\"action_id\":\"mflow.approval.deny\"")
                .contains("\"value\":\"ap-1\"");
        assertThat(slack).containsKey("blocks");
        assertThat(robots.requestsTo("/ding").get(0).body()).contains("Approval needed").doesNotContain("button");
        assertThat(recipients()).containsExactlyInAnyOrder("alice@example.com", "bob@example.com");
        assertThat((String) messageTo("alice@example.com").getContent())
                .contains("Waiting for: one of alice, bob").contains("DB_PASSWORD=******");

        publish(approval("ap-1", 2, ApprovalStage.PASSED, "bob", "ship it, \"carefully\"", hooks));

        await().atMost(PATIENCE).until(() -> robots.requestsTo("/feishu").size() == 2
                && robots.requestsTo("/slack").size() == 2 && robots.requestsTo("/ding").size() == 2
                && smtp.getReceivedMessages().length == 6);
        String passed = robots.requestsTo("/feishu").get(1).body();
        assertThat(passed).contains("Approval passed").contains("**Passed** by bob: ship it, \\\"carefully\\\"")
                .doesNotContain("button", "\"decision\"");
        assertThat(robots.requestsTo("/slack").get(1).body()).doesNotContain("\"actions\"", "mflow.approval.pass")
                .contains("*Passed* by bob");
        assertThat(recipients()).as("the operators, the creator and the auditor who did not decide")
                .containsExactlyInAnyOrder("alice@example.com", "bob@example.com", "alice@example.com",
                        "olga@example.com", "oscar@example.com", "vera@example.com");

        // 3 robots and 2 auditors, then 3 robots and 4 people
        await().atMost(PATIENCE).until(() -> store.getCollection("deliveries")
                .countDocuments(new Document("ownerId", "ap-1")) == 12);
        List<Document> recorded = store.getCollection("deliveries").find(new Document("ownerId", "ap-1"))
                .into(new ArrayList<>());
        assertThat(recorded).allSatisfy(d -> assertThat(d.getString("state")).isEqualTo("DELIVERED"));
        assertNoSecretAnywhere();
    }

    @Test
    void aDraftIsToldToNobodyAndARedeliveredMoveIsNotToldTwice() throws Exception {
        List<Webhook> hooks = List.of(robot("/draft-feishu", "FEISHU"));
        robots.answer("/draft-feishu", new Receiver.Answer(200, "{\"code\":0}"));
        robots.answer("/after-draft", new Receiver.Answer(200, "{\"code\":0}"));

        publish(approval("ap-draft", 1, ApprovalStage.DRAFT, "vera", null, hooks));
        ApprovalChanged submitted = approval("ap-after", 1, ApprovalStage.SUBMITTED, "vera", null,
                List.of(robot("/after-draft", "FEISHU")));
        submitted.setAuditors(List.of("nobody-with-mail"));
        publish(submitted);
        publish(submitted); // redelivered

        await().atMost(PATIENCE).until(() -> robots.requestsTo("/after-draft").size() == 1);
        Thread.sleep(500);
        assertThat(robots.requestsTo("/draft-feishu")).as("a draft is told to no robot").isEmpty();
        assertThat(robots.requestsTo("/after-draft")).as("a redelivered move is not sent again").hasSize(1);
        assertThat(store.getCollection("deliveries").countDocuments(new Document("ownerId", "ap-draft"))).isZero();
    }

    @Test
    void aRecordThatIsNoApprovalsMoveOrIsForgedWithoutTheEnginesMacGoesToTheDeadLetterTopicUntold() throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, "foreign", CancelJob.newBuilder().setAttemptId("a#1")
                .setJobTaskId("a").setUpdateToken("enc:v1:x").setIssuedAt(Instant.now()).build())).get();
        robots.answer("/forged", new Receiver.Answer(200, "{\"code\":0}"));
        try (KafkaProducer<String, SpecificRecord> forger = new KafkaProducer<>(
                KafkaTestUtils.producerProps(broker.getBrokersAsString()), new StringSerializer(),
                new AvroSerializer())) {
            // someone who may write to the topic, but has not the engine's key, asks the auditors to pass a release
            forger.send(new ProducerRecord<>(TOPIC, "forged", approval("ap-forged", 1, ApprovalStage.SUBMITTED,
                    "mallory", null, List.of(robot("/forged", "FEISHU"))))).get();
        }

        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "approval-dead-letters", false);
        props.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC + ".DLT"));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.size() >= 2;
            });
        }
        assertThat(dead).extracting(ConsumerRecord::key).contains("foreign", "forged");
        assertThat(dead).filteredOn(r -> r.key().equals("foreign")).singleElement().satisfies(r ->
                assertThat(new String(r.headers().lastHeader("kafka_dlt-exception-message").value(),
                        StandardCharsets.UTF_8)).contains("not an approval event"));
        assertThat(robots.requestsTo("/forged")).isEmpty();
        assertThat(store.getCollection("subscriptions").countDocuments(new Document("_id", "ap-forged"))).isZero();
    }

    // ---- fixtures ----

    private void assertNoSecretAnywhere() throws Exception {
        for (Receiver.Request request : robots.requestsTo("/feishu")) {
            assertThat(request.body()).doesNotContain(DB_PASSWORD, SealedValues.PREFIX);
        }
        for (MimeMessage message : smtp.getReceivedMessages()) {
            assertThat((String) message.getContent()).doesNotContain(DB_PASSWORD, SealedValues.PREFIX);
        }
        for (String collection : store.getCollectionNames()) {
            assertThat(store.getCollection(collection).find().into(new ArrayList<>()).toString())
                    .as("what %s holds", collection).doesNotContain(DB_PASSWORD);
        }
    }

    private List<String> recipients() throws Exception {
        List<String> to = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            Arrays.stream(message.getAllRecipients()).forEach(a -> to.add(a.toString()));
        }
        return to;
    }

    private static MimeMessage messageTo(String address) throws Exception {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(address)) {
                return message;
            }
        }
        throw new AssertionError("no mail to " + address);
    }

    private Map<String, Object> body(String path, int index) {
        return json.readValue(robots.requestsTo(path).get(index).body(), new TypeReference<Map<String, Object>>() { });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> buttonsOf(Map<String, Object> message) {
        Map<String, Object> card = (Map<String, Object>) message.get("card");
        return ((List<Map<String, Object>>) card.get("elements")).stream()
                .filter(e -> "action".equals(e.get("tag")))
                .flatMap(e -> ((List<Map<String, Object>>) e.get("actions")).stream()).toList();
    }

    private void publish(ApprovalChanged event) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, event.getApprovalId(), event)).get();
    }

    private static Webhook robot(String path, String type) {
        return Webhook.newBuilder().setUrl(SEALED.seal(robots.url(path), SealedPlace.webhookUrl()))
                .setEvents(List.of()).setHeaders(Map.of()).setType(type).build();
    }

    private static ApprovalChanged approval(String id, int move, ApprovalStage stage, String by, String comment,
                                            List<Webhook> hooks) {
        Map<String, String> contacts = new java.util.HashMap<>();
        for (String user : List.of("alice", "bob", "olga", "oscar", "vera")) {
            contacts.put(user, SEALED.seal(user + "@example.com", SealedPlace.emailAddress(user)));
        }
        return ApprovalChanged.newBuilder().setEventId(id + ":" + move).setApprovalId(id)
                .setTitle("Release \"2.0\" to prod").setDescription("Ships **2.0**; rollback: `make undo`")
                .setStage(stage).setPreviousStage(null).setBy(by).setComment(comment).setCreatedBy("vera")
                .setAuditors(List.of("alice", "bob")).setOperators(List.of("olga", "oscar")).setPipelineId("p-1")
                .setPipelineName("ship").setAutoRun(false)
                .setRunParams(List.of(
                        RunParam.newBuilder().setName("VERSION").setValue("2.0").setSensitive(false).build(),
                        RunParam.newBuilder().setName("DB_PASSWORD").setValue(SEALED.seal(DB_PASSWORD,
                                SealedPlace.jobTaskParam("ap", "DB_PASSWORD"))).setSensitive(true).build()))
                .setWebhooks(hooks).setContacts(contacts).setUrl("https://mflow.example.com/approvals/" + id)
                .setOccurredAt(Instant.parse("2026-11-25T06:00:00Z").plusSeconds(move)).build();
    }
}

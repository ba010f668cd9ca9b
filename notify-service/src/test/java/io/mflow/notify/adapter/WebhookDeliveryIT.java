package io.mflow.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.request-timeout=2s"})
@EmbeddedKafka(partitions = 1)
class WebhookDeliveryIT {

    private static final String KEY = "bWZsb3ctZGV2LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    static MongoServer mongo;
    static Receiver receiver = Receiver.answering();
    static Receiver hangingReceiver = Receiver.hanging();

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JsonMapper json;
    @Autowired
    MongoTemplate store;
    @Value("${local.server.port}")
    int port;

    static KafkaProducer<String, SpecificRecord> producer;
    static KafkaProducer<String, byte[]> rawProducer;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        String uri = mongo.bindAndGetConnectionString();
        registry.add("spring.mongodb.uri", () -> uri);
    }

    @BeforeAll
    static void producers(@Autowired EmbeddedKafkaBroker broker) {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker.getBrokersAsString());
        producer = new KafkaProducer<>(props, new StringSerializer(), new AvroSerializer());
        rawProducer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        rawProducer.close();
        receiver.close();
        hangingReceiver.close();
        mongo.shutdown();
    }

    @Test
    void aSubscriberHearsOnlyTheStagesItAskedForAndOneWithoutEventsHearsEveryChange() throws Exception {
        Webhook onSuccess = webhook(receiver.url("/on-success"), List.of("succeeded"),
                Map.of("X-Token", new SealedValues(KEY).seal("plain-token")));
        Webhook onEverything = webhook(receiver.url("/on-everything"), List.of(), Map.of());
        publish("pt-a", plan("pt-a", "jt-a", onSuccess, onEverything));

        publish("pt-a", change("jt-a", 1, Stage.PENDING, Stage.ACTIVE));
        publish("pt-a", change("jt-a", 2, Stage.ACTIVE, Stage.SUCCEEDED));

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(receiver.requestsTo("/on-success")).hasSize(1);
            assertThat(receiver.requestsTo("/on-everything")).hasSize(2);
        });
        Receiver.Request success = receiver.requestsTo("/on-success").get(0);
        assertThat(success.header("X-Token")).isEqualTo("plain-token");
        assertThat(success.header("Content-Type")).isEqualTo("application/json");
        assertThat(json.readValue(success.body(), new TypeReference<Map<String, Object>>() { }))
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("version", 1),
                        Map.entry("event", "JobTaskStatusChanged"),
                        Map.entry("eventId", "jt-a#2"),
                        Map.entry("jobTaskId", "jt-a"),
                        Map.entry("jobTaskName", "build jt-a"),
                        Map.entry("pipelineTaskId", "pt-a"),
                        Map.entry("stageName", "compile"),
                        Map.entry("previousStage", "ACTIVE"),
                        Map.entry("stage", "SUCCEEDED"),
                        Map.entry("message", "moved to SUCCEEDED"),
                        Map.entry("occurredAt", "2026-11-25T06:00:02Z")));
        assertThat(success.body()).doesNotContain("secret-output", SealedValues.PREFIX);
        assertThat(receiver.requestsTo("/on-everything")).extracting(Receiver.Request::body)
                .anySatisfy(body -> assertThat(body).contains("\"stage\":\"ACTIVE\""))
                .anySatisfy(body -> assertThat(body).contains("\"stage\":\"SUCCEEDED\""));
    }

    @Test
    void theDeliveryResultsAreRecordedForTheJobTask() throws Exception {
        publish("pt-list", plan("pt-list", "jt-list", webhook(receiver.url("/listed?access_token=t0ken"),
                List.of(), Map.of())));
        publish("pt-list", change("jt-list", 1, Stage.PENDING, Stage.ACTIVE));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries("jt-list")).singleElement()
                .satisfies(delivery -> assertThat(delivery).containsEntry("_id", "jt-list#1#0")
                        .containsEntry("success", true)
                        .containsEntry("httpStatus", 200)
                        .containsEntry("responseExcerpt", "{\"ok\":true}")
                        .containsEntry("stage", "ACTIVE")
                        .containsEntry("target", receiver.url("/listed"))
                        .containsKey("durationMillis")));
    }

    @Test
    void aRedeliveredEventIsNotSentTwice() throws Exception {
        publish("pt-dup", plan("pt-dup", "jt-dup", webhook(receiver.url("/dup"), List.of(), Map.of())));
        publish("pt-dup", change("jt-dup", 1, Stage.PENDING, Stage.ACTIVE));
        publish("pt-dup", change("jt-dup", 1, Stage.PENDING, Stage.ACTIVE));
        publish("pt-dup", plan("pt-dup", "jt-dup", webhook(receiver.url("/rewritten"), List.of(), Map.of())));
        publish("pt-dup", change("jt-dup", 2, Stage.ACTIVE, Stage.FAILED));

        // the second event comes after the duplicate on the same partition, so once it arrived the duplicate was seen
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receiver.requestsTo("/dup")).hasSize(2));
        assertThat(receiver.requestsTo("/dup")).extracting(Receiver.Request::body)
                .filteredOn(body -> body.contains("\"eventId\":\"jt-dup#1\"")).hasSize(1);
        assertThat(receiver.requestsTo("/rewritten")).isEmpty();
    }

    @Test
    void aHangingReceiverDoesNotDelayAnotherOne() throws Exception {
        publish("pt-hang", plan("pt-hang", "jt-hang", webhook(hangingReceiver.url("/slow"), List.of(), Map.of()),
                webhook(receiver.url("/quick"), List.of(), Map.of())));
        publish("pt-hang", change("jt-hang", 1, Stage.PENDING, Stage.ACTIVE));

        await().atMost(PATIENCE).until(() -> receiver.requestsTo("/quick").size() == 1);
        Instant slowArrived = hangingReceiver.requestsTo("/slow").get(0).receivedAt();
        Instant quickArrived = receiver.requestsTo("/quick").get(0).receivedAt();
        // the slow one was sent first; had the quick one waited for it, they would be a 2 s timeout apart
        assertThat(Duration.between(slowArrived, quickArrived).abs()).isLessThan(Duration.ofMillis(1500));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries("jt-hang"))
                .filteredOn(d -> d.get("_id").equals("jt-hang#1#0")).singleElement()
                .satisfies(d -> assertThat(d).containsEntry("success", false)
                        .containsEntry("error", "no answer within 2000 ms")));
    }

    @Test
    void undecodableAndForeignRecordsGoToTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        rawProducer.send(new ProducerRecord<>(Topics.TASK_EVENTS, "garbage",
                "not an avro record".getBytes(StandardCharsets.UTF_8))).get();
        publish("foreign", CancelJob.newBuilder().setAttemptId("a#1").setJobTaskId("a").setUpdateToken("enc:v1:x")
                .setIssuedAt(Instant.now()).build());
        publish("pt-after", plan("pt-after", "jt-after", webhook(receiver.url("/after"), List.of(), Map.of())));
        publish("pt-after", change("jt-after", 1, Stage.PENDING, Stage.ACTIVE));

        await().atMost(PATIENCE).until(() -> receiver.requestsTo("/after").size() == 1);
        List<ConsumerRecord<String, byte[]>> dead = deadLetters(2);
        assertThat(dead).extracting(ConsumerRecord::key).contains("garbage", "foreign");
        assertThat(dead).filteredOn(r -> r.key().equals("garbage")).singleElement().satisfies(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not an avro record");
            // the deserializer's reason is the cause of spring-kafka's "failed to deserialize"
            assertThat(new String(r.headers().lastHeader("kafka_dlt-exception-stacktrace").value(),
                    StandardCharsets.UTF_8)).contains("not an Avro single-object encoded record");
        });
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

        HttpResponse<String> deliveries = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/deliveries?jobTaskId=jt-list")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deliveries.statusCode()).isEqualTo(401);
        assertThat(deliveries.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer"));
        assertThat(deliveries.body()).contains("\"status\":401");
    }

    private void publish(String key, SpecificRecord record) throws Exception {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, key, record)).get();
    }

    /** The recorded deliveries as stored; the REST listing is read with a real token end to end (launcher). */
    private List<Map<String, Object>> deliveries(String jobTaskId) {
        return store.find(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("jobTaskId").is(jobTaskId)),
                org.bson.Document.class, "deliveries").stream().<Map<String, Object>>map(d -> d).toList();
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

    private static Webhook webhook(String url, List<String> events, Map<String, String> headers) {
        return Webhook.newBuilder().setUrl(url).setEvents(events).setHeaders(headers).build();
    }

    private static PipelineTaskCreated plan(String pipelineTaskId, String jobTaskId, Webhook... webhooks) {
        TaskPlan task = TaskPlan.newBuilder().setJobTaskId(jobTaskId).setName("build " + jobTaskId)
                .setJobName("build").setRunnerType("LOCAL").setRunnerSpec("echo hi")
                .setUpdateToken("enc:v1:token").setWebhooks(List.of(webhooks)).build();
        return PipelineTaskCreated.newBuilder().setEventId(pipelineTaskId + "#created")
                .setPipelineTaskId(pipelineTaskId).setPipelineId("p-1").setPipelineName("release")
                .setStages(List.of(StagePlan.newBuilder().setName("compile").setParallel(false)
                        .setTasks(List.of(task)).build()))
                .setCreatedAt(Instant.parse("2026-11-25T06:00:00Z")).build();
    }

    private static JobTaskStatusChanged change(String jobTaskId, int transition, Stage from, Stage to) {
        return JobTaskStatusChanged.newBuilder().setEventId(jobTaskId + "#" + transition).setJobTaskId(jobTaskId)
                .setJobTaskName("build " + jobTaskId).setPipelineTaskId(jobTaskId.replace("jt-", "pt-"))
                .setStageName("compile").setPreviousStage(from).setStage(to).setMessage("moved to " + to)
                .setOutputs(Map.of("TOKEN", "secret-output"))
                .setOccurredAt(Instant.parse("2026-11-25T06:00:00Z").plusSeconds(transition)).build();
    }
}

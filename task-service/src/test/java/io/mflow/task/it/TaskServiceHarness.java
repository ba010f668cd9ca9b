package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.platform.kafka.RecordMac;
import io.mflow.platform.kafka.SignedRecords;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.TaskPlan;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real service on a random port, an embedded broker and an in-memory Mongo; helpers act as a user would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "mflow.outbox.sweep-interval=500ms", "mflow.secret-key=" + TaskServiceHarness.DEV_KEY,
                "mflow.admin-token=" + TaskServiceHarness.ADMIN_TOKEN,
                "mflow.notify.allowed-private-networks=127.0.0.0/8",
                "mflow.logs.followers-per-user=3", "mflow.logs.followers=6",
                "mflow.approvals.base-url=https://mflow.example.com/",
                "mflow.approvals.slack.signing-secret=" + TaskServiceHarness.SLACK_SECRET,
                "mflow.approvals.feishu.verification-token=" + TaskServiceHarness.FEISHU_TOKEN,
                "mflow.approvals.feishu.encrypt-key=" + TaskServiceHarness.FEISHU_KEY,
                "logging.level.kafka=WARN", "logging.level.org.apache.kafka=WARN", "logging.level.state.change.logger=WARN"})
@EmbeddedKafka(partitions = 3, topics = {Topics.TASK_EVENTS, Topics.JOB_TASK_STATUS_REPORTS,
        Topics.JOB_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX, Topics.PIPELINE_TASK_STATUS_REPORTS,
        Topics.PIPELINE_TASK_STATUS_REPORTS + Topics.DEAD_LETTER_SUFFIX, Topics.NOTIFY_EVENTS,
        Topics.NOTIFY_EVENTS + Topics.DEAD_LETTER_SUFFIX, Topics.JOB_LOGS, Topics.JOB_LOGS + Topics.DEAD_LETTER_SUFFIX,
        Topics.JOB_COMMANDS, Topics.JOB_COMMANDS + Topics.DEAD_LETTER_SUFFIX, Topics.APPROVAL_EVENTS})
abstract class TaskServiceHarness {

    static final String DEV_KEY = "bWZsb3ctZGV2LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";
    /** The first admin's token, given as MFLOW_ADMIN_TOKEN would be. */
    static final String ADMIN_TOKEN = "mflow_test-admin-token";
    /** The chat apps' secrets the approvals' callbacks are configured with. */
    static final String SLACK_SECRET = "test-slack-signing-secret";
    static final String FEISHU_TOKEN = "test-feishu-verification-token";
    static final String FEISHU_KEY = "test-feishu-encrypt-key";
    static final SealedValues SEALED = new SealedValues(DEV_KEY);
    /** Signs as the engine does: mflow's services share the secret key, and with it the records' MAC. */
    static final SignedRecords ENGINE = new SignedRecords(RecordMac.ofSecretKey(DEV_KEY), List.of());
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MONGO_URI;

    static {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.enableOplog();
        MONGO_URI = server.bindAndGetConnectionString();
    }

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    private final HttpClient http = HttpClient.newHttpClient();

    record Response(int status, String body, JsonNode json, java.net.http.HttpHeaders headers) {
    }

    /** As the admin, the way most tests act. */
    Response post(String path, String body) {
        return call("POST", path, body, ADMIN_TOKEN);
    }

    Response get(String path) {
        return call("GET", path, null, ADMIN_TOKEN);
    }

    /** Any method, as the holder of {@code token} (null: no Authorization header at all). */
    Response call(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() || !(body.trim().startsWith("{") || body.trim().startsWith("[")) ? null : JSON.readTree(body);
            return new Response(response.statusCode(), body, json, response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to 20 s for what a consumer does after a record arrives. */
    static void eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            org.assertj.core.api.Assertions.assertThat(System.currentTimeMillis()).as("waited 20 s")
                    .isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** A job with a sensitive default and a pipeline of two stages, ready to run. */
    String definePipeline(String prefix) {
        Response job = post("/api/v1/jobs", json(Map.of(
                "name", prefix + "-compile",
                "runnerSpec", "echo $GOAL",
                "params", List.of(
                        Map.of("name", "GOAL", "value", "test"),
                        Map.of("name", "PASSWORD", "value", "hunter2-" + prefix, "sensitive", true),
                        Map.of("name", "REGION", "value", "eu", "readOnly", true)))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        assertThat(job.body()).doesNotContain("hunter2-" + prefix).contains("\"******\"");
        Response pipeline = post("/api/v1/pipelines", json(Map.of(
                "name", prefix + "-ci",
                "stages", List.of(
                        Map.of("name", "build", "parallel", false, "tasks", List.of(Map.of(
                                "name", "compile", "job", prefix + "-compile",
                                "params", List.of(Map.of("name", "GOAL", "value", "package"))))),
                        Map.of("name", "deploy", "parallel", true, "tasks", List.of(Map.of(
                                "name", "ship", "job", job.json().path("id").asString(),
                                "webhooks", List.of(Map.of("url", "http://127.0.0.1:9/hook",
                                        "events", List.of("SUCCEEDED"),
                                        "headers", Map.of("Authorization", "Bearer hook-secret-" + prefix))))))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        return pipeline.json().path("id").asString();
    }

    /** A new user with one role, and an API token of theirs. */
    String userWithToken(String name, String role) {
        Response user = post("/api/v1/users", json(Map.of("name", name, "roles", List.of(role))));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        Response token = post("/api/v1/users/" + name + "/tokens", json(Map.of("name", "test")));
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        return token.json().path("token").asString();
    }

    /** Starts a run and returns its id. */
    String run(String pipelineId) {
        Response run = post("/api/v1/pipelines/" + pipelineId + "/runs", "{}");
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        return run.json().path("id").asString();
    }

    /** The plan of a run as published: only the test, holding the dev key, can open its tokens. */
    PipelineTaskCreated planOf(String pipelineTaskId) {
        try (TopicReader events = new TopicReader(Topics.TASK_EVENTS)) {
            return (PipelineTaskCreated) events.await(rs -> rs.stream().anyMatch(r -> isCreated(r, pipelineTaskId)))
                    .stream().filter(r -> isCreated(r, pipelineTaskId)).map(TopicReader::decode)
                    .findFirst().orElseThrow();
        }
    }

    private static boolean isCreated(ConsumerRecord<String, byte[]> record, String pipelineTaskId) {
        return pipelineTaskId.equals(record.key()) && TopicReader.decode(record) instanceof PipelineTaskCreated;
    }

    static TaskPlan firstTask(PipelineTaskCreated plan) {
        return plan.getStages().get(0).getTasks().get(0);
    }

    /**
     * Writes a record as the engine does (with its MAC), except on the status reports topic, where the test plays a
     * runner or a user's controller, who report without one.
     */
    void produce(String topic, String key, byte[] value) {
        produce(topic, key, value, Topics.JOB_TASK_STATUS_REPORTS.equals(topic) ? null : ENGINE);
    }

    void produce(String topic, String key, SpecificRecord record) {
        produce(topic, key, new AvroSerializer().serialize(topic, record));
    }

    void produce(String topic, String key, SpecificRecord record, SignedRecords signedAs) {
        produce(topic, key, new AvroSerializer().serialize(topic, record), signedAs);
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> untyped(Serializer<?> serializer) {
        return (Serializer<Object>) serializer;
    }

    /** @param signedAs whose MAC the record carries; null for none */
    void produce(String topic, String key, byte[] value, SignedRecords signedAs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        Serializer<Object> keys = signedAs == null ? untyped(new StringSerializer())
                : signedAs.keySerializer(new StringSerializer());
        Serializer<Object> values = signedAs == null ? untyped(new ByteArraySerializer())
                : signedAs.valueSerializer(new ByteArraySerializer());
        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(props, keys, values)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a whole topic from its beginning, polling until what the test waits for has arrived. */
    final class TopicReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        TopicReader(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        List<ConsumerRecord<String, byte[]>> await(Predicate<List<ConsumerRecord<String, byte[]>>> done) {
            Instant deadline = Instant.now().plusSeconds(20);
            while (!done.test(seen)) {
                assertThat(Instant.now()).as("waited 20 s for records; saw " + seen.size()).isBefore(deadline);
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
            return List.copyOf(seen);
        }

        /** Everything that arrives within the given time: for asserting that something did not happen. */
        List<ConsumerRecord<String, byte[]>> readFor(Duration duration) {
            Instant end = Instant.now().plus(duration);
            while (Instant.now().isBefore(end)) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
            return List.copyOf(seen);
        }

        static SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
            return new AvroDeserializer().deserialize(record.topic(), record.value());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}

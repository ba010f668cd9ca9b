package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mflow.schemas.Topics;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 as someone on the machine (or, with {@code MFLOW_BIND_ADDRESS}, the network) tries it against the
 * embedded broker and store: without credentials nothing is written or read, and each of the broker's principals
 * does only what it is for. The outsiders' credentials are taken from the files the engine wrote, as a user takes
 * them.
 */
class EmbeddedAccessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    static Engine engine;
    static MflowClient mflow;

    @BeforeAll
    static void startEngine() throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        engine = Engine.start(EngineSettings.defaults(home).shifted(18_300, dir.resolve("data")));
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aClientWithoutCredentialsOrWithAWrongPasswordNeitherWritesNorReads() throws Exception {
        String key = "pt-intruder-" + UUID.randomUUID();
        Map<String, Object> anonymous = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                engine.kafkaBootstrap(), ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        Map<String, Object> wrongPassword = new HashMap<>(anonymous);
        wrongPassword.putAll(fromFile(KafkaPrincipals.REPORTER));
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"reporter\" password=\"guessed\";");

        for (Map<String, Object> intruder : List.of(anonymous, wrongPassword)) {
            assertThatThrownBy(() -> send(intruder, Topics.JOB_COMMANDS, key)).as("a forged command")
                    .satisfies(refused -> assertThat(chain(refused)).anyMatch(KafkaException.class::isInstance));
            try (KafkaConsumer<String, byte[]> consumer = consumer(intruder)) {
                assertThatThrownBy(() -> consumer.partitionsFor(Topics.TASK_EVENTS)).isInstanceOf(KafkaException.class);
            }
        }
        assertThatThrownBy(() -> send(wrongPassword, Topics.JOB_TASK_STATUS_REPORTS, key))
                .satisfies(refused -> assertThat(chain(refused)).anyMatch(SaslAuthenticationException.class::isInstance));
        // PLAIN (for outsiders' old clients) would send a service's password in clear: no service is known to it
        Map<String, Object> serviceOverPlain = new HashMap<>(anonymous);
        serviceOverPlain.putAll(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"pipeline-service\" password=\"" + password("pipeline-service") + "\";"));
        assertThatThrownBy(() -> send(serviceOverPlain, Topics.JOB_COMMANDS, key))
                .satisfies(refused -> assertThat(chain(refused)).anyMatch(SaslAuthenticationException.class::isInstance));
        assertThat(keyed(Topics.JOB_COMMANDS, key)).as("nothing written").isEmpty();
    }

    @Test
    void theReporterWritesAStatusReportButNoCommandAndReadsNothing() throws Exception {
        Map<String, Object> reporter = fromFile(KafkaPrincipals.REPORTER);
        String key = "pt-reporter-" + UUID.randomUUID();

        send(reporter, Topics.JOB_TASK_STATUS_REPORTS, key);

        assertThatThrownBy(() -> send(reporter, Topics.JOB_COMMANDS, key))
                .satisfies(BrokerRefusal::isAuthorization);
        assertThatThrownBy(() -> send(reporter, Topics.TASK_EVENTS, key))
                .satisfies(BrokerRefusal::isAuthorization);
        assertThatThrownBy(() -> readFromTheBeginning(reporter, Topics.JOB_TASK_STATUS_REPORTS))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> readFromTheBeginning(reporter, Topics.TASK_EVENTS))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(keyed(Topics.JOB_TASK_STATUS_REPORTS, key)).as("the report is there").hasSize(1);
        assertThat(keyed(Topics.JOB_COMMANDS, key)).as("no command").isEmpty();
        assertThat(keyed(Topics.TASK_EVENTS, key)).as("no event").isEmpty();
    }

    @Test
    void theReaderReadsTheTaskEventsButWritesNothingAndJoinsNoServicesGroup() throws Exception {
        Map<String, Object> reader = fromFile(KafkaPrincipals.READER);
        String job = mflow.post("/api/v1/jobs", Map.of("name", "read-" + UUID.randomUUID(), "runnerType", "LOCAL",
                "runnerSpec", "true"), 201).get("id").asString();
        String jobTaskId = mflow.post("/api/v1/job-tasks", Map.of("job", job), 201).get("id").asString();

        assertThat(keyed(Topics.TASK_EVENTS, jobTaskId)).as("the run's events, read as the reader").isNotEmpty();

        for (String topic : List.of(Topics.JOB_TASK_STATUS_REPORTS, Topics.JOB_COMMANDS, Topics.TASK_EVENTS)) {
            assertThatThrownBy(() -> send(reader, topic, jobTaskId)).as(topic)
                    .satisfies(BrokerRefusal::isAuthorization);
        }
        Map<String, Object> inTaskServicesGroup = new HashMap<>(reader);
        inTaskServicesGroup.put(ConsumerConfig.GROUP_ID_CONFIG, "task-service");
        try (KafkaConsumer<String, byte[]> consumer = consumer(inTaskServicesGroup)) {
            consumer.subscribe(List.of(Topics.JOB_TASK_STATUS_REPORTS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .as("it could move task-service's offsets past reports").isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aServicesPrincipalWritesNoTopicItDoesNotOwn() {
        Map<String, Object> notify = new HashMap<>(engine.kafkaClient(Service.NOTIFY.module()));
        Map<String, Object> runner = new HashMap<>(engine.kafkaClient(Service.RUNNER.module()));
        String key = "pt-service-" + UUID.randomUUID();

        assertThatThrownBy(() -> send(notify, Topics.JOB_COMMANDS, key)).as("notify-service runs no job")
                .satisfies(BrokerRefusal::isAuthorization);
        assertThatThrownBy(() -> send(runner, Topics.TASK_EVENTS, key)).as("runner-service moves no task")
                .satisfies(BrokerRefusal::isAuthorization);
        assertThatThrownBy(() -> send(runner, Topics.JOB_COMMANDS, key)).as("runner-service commands itself nothing")
                .satisfies(BrokerRefusal::isAuthorization);
        assertThat(keyed(Topics.JOB_COMMANDS, key)).isEmpty();
    }

    @Test
    void theCredentialsAreTheirOwnersOnlyAndNeverLogged() throws Exception {
        Path data = engine.settings().dataDir();
        List<Path> secrets = List.of(engine.kafkaClientFile(KafkaPrincipals.REPORTER),
                engine.kafkaClientFile(KafkaPrincipals.READER), data.resolve("kafka/credentials.properties"),
                data.resolve("kafka/server.properties"), data.resolve("mongo/password"));

        for (Path file : secrets) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        Properties passwords = new Properties();
        try (Reader reader = Files.newBufferedReader(data.resolve("kafka/credentials.properties"))) {
            passwords.load(reader);
        }
        assertThat(passwords.stringPropertyNames()).containsAll(KafkaPrincipals.names());
        passwords.put("the store's user", Files.readString(data.resolve("mongo/password")).strip());
        try (var logs = Files.list(data.resolve("logs"))) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                for (String principal : passwords.stringPropertyNames()) {
                    assertThat(text).as(log + " holds no password").doesNotContain(passwords.getProperty(principal));
                }
            }
        }
    }

    @Test
    void theStoreRefusesEveryCommandOfAClientWithoutTheEnginesPassword() throws Exception {
        int port = engine.settings().mongoPort();
        Path password = engine.settings().dataDir().resolve("mongo/password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");

        try (MongoClient anonymous = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> users = anonymous.getDatabase("mflow-task-service").getCollection("users");
            assertThatThrownBy(() -> users.find().first()).isInstanceOfSatisfying(MongoCommandException.class,
                    refused -> assertThat(refused.getErrorCode()).isEqualTo(13));
            assertThatThrownBy(() -> users.insertOne(new Document("_id", "mallory").append("roles", List.of("ADMIN"))))
                    .isInstanceOfSatisfying(MongoCommandException.class,
                            refused -> assertThat(refused.getErrorCode()).isEqualTo(13));
        }
        try (MongoClient guessing = MongoClients.create("mongodb://mflow:guessed@127.0.0.1:" + port
                + "/?authSource=admin&serverSelectionTimeoutMS=3000")) {
            assertThatThrownBy(() -> guessing.getDatabase("mflow-task-service").getCollection("users").find().first())
                    .satisfies(refused -> assertThat(refused + " " + refused.getCause()).contains("Authentication failed"));
        }
        try (MongoClient engineUser = MongoClients.create("mongodb://mflow:" + Files.readString(password).strip()
                + "@127.0.0.1:" + port + "/?authSource=admin")) {
            assertThat(engineUser.getDatabase("mflow-task-service").getCollection("users")
                    .find(new Document("_id", "mallory")).first()).as("nothing was written").isNull();
        }
    }

    // ---- Kafka as an outsider's own tools see it ----

    /** What the client says when the broker refuses: thrown at once, or as the cause of the send's failed future. */
    private static final class BrokerRefusal {

        /** Refused by the ACLs: a topic's, or (a producer that may write nowhere) the cluster's. */
        static void isAuthorization(Throwable refused) {
            assertThat(chain(refused)).as(String.valueOf(refused)).anyMatch(AuthorizationException.class::isInstance);
        }
    }

    private static List<Throwable> chain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String password(String principal) throws Exception {
        Properties passwords = new Properties();
        try (Reader reader = Files.newBufferedReader(engine.settings().dataDir().resolve("kafka/credentials.properties"))) {
            passwords.load(reader);
        }
        return passwords.getProperty(principal);
    }

    /** A client's settings as the engine wrote them for outsiders. */
    private static Map<String, Object> fromFile(String principal) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(engine.kafkaClientFile(principal))) {
            properties.load(reader);
        }
        Map<String, Object> config = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static void send(Map<String, Object> client, String topic, String key) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.remove(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "not a record of mflow's".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<ConsumerRecord<String, byte[]>> readFromTheBeginning(Map<String, Object> client,
                                                                            String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(client)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** The records of one key on a topic, read as the reader; waits a little for those not there yet. */
    private static List<ConsumerRecord<String, byte[]>> keyed(String topic, String key) {
        Map<String, Object> reader = new HashMap<>(engine.kafkaClient(KafkaPrincipals.READER));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        List<ConsumerRecord<String, byte[]>> found;
        do {
            found = readFromTheBeginning(reader, topic).stream().filter(r -> key.equals(r.key())).toList();
        } while (found.isEmpty() && Instant.now().isBefore(deadline) && sleep());
        return found;
    }

    private static boolean sleep() {
        try {
            Thread.sleep(500);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

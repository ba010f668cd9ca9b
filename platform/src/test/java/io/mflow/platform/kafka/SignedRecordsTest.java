package io.mflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoRepositoriesAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A service on a real broker, as the platform's auto-configuration makes it: what it sends carries the engine's MAC,
 * and a record it reads without one (or with a wrong one) goes to the dead-letter topic with the reason, unseen by
 * the listener, whichever deserializer the listener asked for. A topic the service declares open to outsiders lets a
 * record without a MAC through, never one with a wrong MAC.
 */
class SignedRecordsTest {

    static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String OTHER_SECRET = "HxwdGhsYGRYXFBUSExAREA8ODQwLCgkIBwYFBAMCAQA=";
    static final String COMMANDS = "signed-commands";
    static final String REPORTS = "open-reports";
    static final List<ConsumerRecord<String, ?>> SEEN = new CopyOnWriteArrayList<>();

    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext service;
    private static KafkaProducer<String, byte[]> outsider;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        service = new SpringApplicationBuilder(Service.class).run(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--mflow.secret-key=" + SECRET, "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off", "--logging.level.root=warn",
                "--spring.kafka.consumer.group-id=signed-records-test",
                "--spring.kafka.consumer.key-deserializer=" + StringDeserializer.class.getName(),
                "--spring.kafka.consumer.value-deserializer="
                        + "org.springframework.kafka.support.serializer.ErrorHandlingDeserializer",
                "--spring.kafka.consumer.properties.spring.deserializer.value.delegate.class="
                        + StringDeserializer.class.getName(),
                "--spring.kafka.producer.value-serializer=" + StringSerializer.class.getName(),
                "--mflow.kafka.topic-partitions=1");
        outsider = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        outsider.close();
        service.close();
        broker.destroy();
    }

    @Test
    void aRecordTheServiceSendsCarriesTheEnginesMac() throws Exception {
        @SuppressWarnings("unchecked")
        KafkaTemplate<Object, Object> kafka = service.getBean(KafkaTemplate.class);
        kafka.send(COMMANDS, "k-sent", "run this").get();

        await().atMost(Duration.ofSeconds(20)).until(() -> seen("k-sent").size() == 1);
        ConsumerRecord<String, byte[]> sent = read(COMMANDS, "k-sent");
        assertThat(RecordMac.ofSecretKey(SECRET).check(COMMANDS, bytes("k-sent"), sent.value(), sent.headers()))
                .isEqualTo(RecordMac.Verdict.VALID);
    }

    @Test
    void aRecordWithoutAMacIsDeadLetteredWithTheReasonAndNeverSeen() throws Exception {
        outsider.send(new ProducerRecord<>(COMMANDS, "k-unsigned", bytes("rm -rf /"))).get();

        ConsumerRecord<String, byte[]> letter = read(KafkaTopics.deadLetterTopicOf(COMMANDS), "k-unsigned");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("rm -rf /");
        assertThat(header(letter, "kafka_dlt-exception-message")).contains("no mflow-mac header");
        assertThat(header(letter, "kafka_dlt-exception-cause-fqcn")).isEqualTo(InvalidRecordException.class.getName());
        assertThat(seen("k-unsigned")).isEmpty();
        // the dead letter is the engine's own record, signed for where it is
        assertThat(RecordMac.ofSecretKey(SECRET).check(letter.topic(), bytes("k-unsigned"), letter.value(),
                letter.headers())).isEqualTo(RecordMac.Verdict.VALID);
    }

    @Test
    void aRecordSignedWithAnotherKeyOrAlteredAfterSigningIsDeadLetteredAndNeverSeen() throws Exception {
        Headers otherKey = new RecordHeaders();
        RecordMac.ofSecretKey(OTHER_SECRET).sign(COMMANDS, bytes("k-other"), bytes("run this"), otherKey);
        outsider.send(new ProducerRecord<>(COMMANDS, null, "k-other", bytes("run this"), otherKey)).get();
        Headers altered = new RecordHeaders();
        RecordMac.ofSecretKey(SECRET).sign(COMMANDS, bytes("k-altered"), bytes("run this"), altered);
        outsider.send(new ProducerRecord<>(COMMANDS, null, "k-altered", bytes("run that"), altered)).get();
        Headers signed = new RecordHeaders();
        RecordMac.ofSecretKey(SECRET).sign(COMMANDS, bytes("k-signed"), bytes("run this"), signed);
        outsider.send(new ProducerRecord<>(COMMANDS, null, "k-signed", bytes("run this"), signed)).get();

        assertThat(header(read(KafkaTopics.deadLetterTopicOf(COMMANDS), "k-other"), "kafka_dlt-exception-message"))
                .contains("mflow-mac header does not verify");
        assertThat(header(read(KafkaTopics.deadLetterTopicOf(COMMANDS), "k-altered"), "kafka_dlt-exception-message"))
                .contains("mflow-mac header does not verify");
        await().atMost(Duration.ofSeconds(20)).until(() -> seen("k-signed").size() == 1);
        assertThat(seen("k-other")).isEmpty();
        assertThat(seen("k-altered")).isEmpty();
    }

    @Test
    void anExceptionOfThePlatformsRecordInterceptorReachesTheErrorHandler() throws Exception {
        // no value: the value deserializer, which checks the MAC, never ran, so the interceptor refuses it
        Headers signed = new RecordHeaders();
        RecordMac.ofSecretKey(SECRET).sign(COMMANDS, bytes("k-tombstone"), null, signed);
        outsider.send(new ProducerRecord<>(COMMANDS, null, "k-tombstone", null, signed)).get();

        ConsumerRecord<String, byte[]> letter = read(KafkaTopics.deadLetterTopicOf(COMMANDS), "k-tombstone");
        assertThat(header(letter, "kafka_dlt-exception-message")).contains("without a value");
        assertThat(seen("k-tombstone")).isEmpty();
    }

    @Test
    void aTopicOpenToOutsidersTakesARecordWithoutAMacButNotOneWithAWrongMac() throws Exception {
        outsider.send(new ProducerRecord<>(REPORTS, "k-report", bytes("SUCCEEDED"))).get();
        Headers wrong = new RecordHeaders();
        RecordMac.ofSecretKey(OTHER_SECRET).sign(REPORTS, bytes("k-forged-report"), bytes("SUCCEEDED"), wrong);
        outsider.send(new ProducerRecord<>(REPORTS, null, "k-forged-report", bytes("SUCCEEDED"), wrong)).get();

        await().atMost(Duration.ofSeconds(20)).until(() -> seen("k-report").size() == 1);
        assertThat(seen("k-report").get(0).value()).isEqualTo("SUCCEEDED");
        assertThat(header(read(KafkaTopics.deadLetterTopicOf(REPORTS), "k-forged-report"),
                "kafka_dlt-exception-message")).contains("mflow-mac header does not verify");
        assertThat(seen("k-forged-report")).isEmpty();
    }

    private static List<ConsumerRecord<String, ?>> seen(String key) {
        return SEEN.stream().filter(record -> key.equals(record.key())).toList();
    }

    private static ConsumerRecord<String, byte[]> read(String topic, String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
            DataMongoRepositoriesAutoConfiguration.class})
    static class Service {

        @Bean
        KafkaTopics topics() {
            return new KafkaTopics(List.of(COMMANDS, REPORTS), List.of(), List.of(REPORTS));
        }

        @Bean
        Listeners listeners() {
            return new Listeners();
        }
    }

    static class Listeners {

        /** Takes bytes, as a listener that decodes only some records does: its own deserializer is checked too. */
        @KafkaListener(topics = COMMANDS, properties =
                "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
        void onCommand(ConsumerRecord<String, byte[]> record) {
            SEEN.add(record);
        }

        @KafkaListener(topics = REPORTS)
        void onReport(ConsumerRecord<String, String> record) {
            SEEN.add(record);
        }
    }
}

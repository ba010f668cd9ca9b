package io.mflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoRepositoriesAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The cluster settings a service gets from the platform, on a real broker: topics it creates have the configured
 * partitions, replicas and {@code min.insync.replicas}; a topic that exists keeps its partition count whatever a
 * service declares (adding partitions would break every run's order), with a warning that says so; every consumer
 * fails over in seconds and every producer waits for the in-sync replicas, whatever a service's own settings say.
 */
class ClusterSettingsTest {

    static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String EXISTING = "cluster-existing";
    static final String FRESH = "cluster-fresh";
    static final String OWN_COUNT = "cluster.own-count";

    private static EmbeddedKafkaKraftBroker broker;
    private static Admin admin;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        admin.createTopics(List.of(new NewTopic(EXISTING, 3, (short) 1))).all().get();
        partitionsOf(EXISTING);
        service = new SpringApplicationBuilder(Service.class).run(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--mflow.secret-key=" + SECRET, "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off", "--logging.level.root=warn",
                "--spring.kafka.consumer.group-id=cluster-settings-test",
                "--spring.kafka.consumer.key-deserializer=" + StringDeserializer.class.getName(),
                "--spring.kafka.consumer.value-deserializer=" + StringDeserializer.class.getName(),
                "--spring.kafka.producer.value-serializer=" + StringSerializer.class.getName(),
                // a service (or an operator) that asks for less than the guarantees need
                "--spring.kafka.producer.acks=1",
                "--spring.kafka.producer.properties.enable.idempotence=false",
                "--mflow.kafka.topics[" + OWN_COUNT + "].partitions=5");
    }

    @AfterAll
    static void stop() {
        service.close();
        admin.close();
        broker.destroy();
    }

    @Test
    void aTopicTheServiceCreatesHasTheConfiguredPartitionsAndMinInsyncReplicas() throws Exception {
        assertThat(partitionsOf(FRESH)).isEqualTo(12);
        assertThat(partitionsOf(KafkaTopics.deadLetterTopicOf(FRESH))).isEqualTo(12);
        ConfigEntry minInsync = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, FRESH)))
                .all().get().get(new ConfigResource(ConfigResource.Type.TOPIC, FRESH))
                .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        assertThat(minInsync.value()).isEqualTo("1");
        assertThat(minInsync.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Test
    void aTopicNamedOnItsOwnHasItsOwnCountAndItsDeadLettersFollowIt() throws Exception {
        assertThat(partitionsOf(OWN_COUNT)).isEqualTo(5);
        assertThat(partitionsOf(KafkaTopics.deadLetterTopicOf(OWN_COUNT))).isEqualTo(5);
    }

    @Test
    void aServiceStartingOnAnExistingTopicOfFewerPartitionsAddsNone() throws Exception {
        assertThat(partitionsOf(EXISTING)).isEqualTo(3);
    }

    @Test
    void anExistingTopicWithAnotherCountIsLeftAloneWithAWarningThatSaysHowToMigrate() throws Exception {
        admin.createTopics(List.of(new NewTopic("cluster-three", 3, (short) 1),
                new NewTopic("cluster-twenty", 20, (short) 1))).all().get();
        partitionsOf("cluster-three");
        partitionsOf("cluster-twenty");
        List<NewTopic> declared = DeclaredTopics.of(List.of(new KafkaTopics(List.of(),
                List.of("cluster-three", "cluster-twenty"))), properties(12));

        List<ILoggingEvent> logged = logOf(() -> declaredTopics(declared).afterSingletonsInstantiated());

        assertThat(partitionsOf("cluster-three")).isEqualTo(3);
        assertThat(partitionsOf("cluster-twenty")).isEqualTo(20);
        assertThat(logged).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains("cluster-three", "3 partitions", "12",
                        "docs/scaling.md#partitions"))
                .anySatisfy(message -> assertThat(message).contains("cluster-twenty", "20 partitions", "12"));
    }

    @Test
    void replicasStartingTogetherEachCreateWhatIsMissingWithoutFailing() throws Exception {
        List<NewTopic> declared = DeclaredTopics.of(List.of(new KafkaTopics(List.of("cluster-together"),
                List.of())), properties(4));
        Thread other = new Thread(() -> declaredTopics(declared).afterSingletonsInstantiated());
        other.start();
        List<ILoggingEvent> logged = logOf(() -> declaredTopics(declared).afterSingletonsInstantiated());
        other.join();

        assertThat(partitionsOf("cluster-together")).isEqualTo(4);
        assertThat(partitionsOf("cluster-together.DLT")).isEqualTo(4);
        assertThat(logged).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void everyConsumerNoticesADeadMemberWithinSecondsAndMovesOnlyItsPartitions() {
        Map<String, Object> consumers = service.getBean(ConsumerFactory.class).getConfigurationProperties();

        assertThat(consumers).containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000")
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000)
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        CooperativeStickyAssignor.class.getName());
        assertThat(service.getBean(ConcurrentKafkaListenerContainerFactory.class)
                .getContainerProperties().getPollTimeout()).isEqualTo(1000);
    }

    @Test
    void everyProducerWaitsForTheInSyncReplicasAndIsIdempotentWhateverTheServiceAsks() {
        Map<String, Object> producers = service.getBean(ProducerFactory.class).getConfigurationProperties();

        assertThat(producers).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void moreInsyncReplicasThanReplicasIsRefusedSinceNothingCouldBeWritten() {
        assertThatThrownBy(() -> new KafkaProperties(12, (short) 1, Duration.ofMinutes(10), 1_000_000, 2, Map.of()))
                .hasMessageContaining("min-insync-replicas (2) cannot exceed mflow.kafka.topic-replicas (1)");
    }

    private static KafkaProperties properties(int partitions) {
        return new KafkaProperties(partitions, (short) 1, Duration.ofMinutes(10), 1_000_000, 1, Map.of());
    }

    private static DeclaredTopics declaredTopics(List<NewTopic> declared) {
        return new DeclaredTopics(() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString())), declared, Duration.ofSeconds(30));
    }

    /** As the broker describes it once it knows of it: a topic just created reaches its metadata a moment later. */
    private static int partitionsOf(String topic) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.describeTopics(List.of(topic))
                .allTopicNames().get().get(topic).partitions().size(), count -> count > 0);
    }

    private static List<ILoggingEvent> logOf(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(DeclaredTopics.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return List.copyOf(appender.list);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
            DataMongoRepositoriesAutoConfiguration.class})
    static class Service {

        @Bean
        KafkaTopics topics() {
            return new KafkaTopics(List.of(FRESH, EXISTING, OWN_COUNT), List.of());
        }
    }
}

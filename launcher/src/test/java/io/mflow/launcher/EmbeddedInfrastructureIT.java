package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mflow.embeddedstore.MongoStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded engine keeps what it acknowledged when its broker and store are killed and started again. */
class EmbeddedInfrastructureIT {

    @TempDir
    Path data;

    @Test
    void aRecordSurvivesAKilledBrokerAndADocumentARestartedStore() throws Exception {
        int kafkaPort = 29092;
        int mongoPort = 29017;
        KafkaPrincipals principals = KafkaPrincipals.of(data.resolve("kafka"));
        // the broker's own super user: "probe" is no topic of mflow's, which no other principal may touch
        Map<String, String> admin = principals.admin("127.0.0.1:" + KafkaBroker.internalPort(kafkaPort + 1));
        ChildProcess broker = KafkaBroker.start(data.resolve("kafka"), kafkaPort, kafkaPort + 1, data.resolve("logs"),
                BindAddress.LOOPBACK, principals);
        MongoStore store = MongoStore.start(data.resolve("mongo"), mongoPort, BindAddress.LOOPBACK.address());
        Map<String, Object> producerConfig = new java.util.HashMap<>(admin);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig,
                new StringSerializer(), new StringSerializer());
             MongoClient client = MongoClients.create(store.uri())) {
            producer.send(new ProducerRecord<>("probe", "k", "v")).get();
            client.getDatabase("probe").getCollection("c").insertOne(new Document("_id", "d").append("x", 1));
        }
        broker.kill();
        store.close();

        broker = KafkaBroker.start(data.resolve("kafka"), kafkaPort, kafkaPort + 1, data.resolve("logs"),
                BindAddress.LOOPBACK, principals);
        store = MongoStore.start(data.resolve("mongo"), mongoPort, BindAddress.LOOPBACK.address());
        try (MongoClient client = MongoClients.create(store.uri())) {
            assertThat(client.getDatabase("probe").getCollection("c").find(new Document("_id", "d")).first())
                    .isNotNull().extracting(d -> d.get("x")).isEqualTo(1);
            assertThat(readAll(admin)).containsExactly("v");
        } finally {
            broker.stop(Duration.ofSeconds(10));
            store.close();
        }
    }

    private static List<String> readAll(Map<String, String> client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("probe"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}

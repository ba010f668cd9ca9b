package io.mflow.notify.adapter;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.platform.kafka.RecordMac;
import io.mflow.platform.kafka.SignedRecords;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What notify-service's ITs stand it up with, the same in each: a real Mongo-wire store, a test mail server, records
 * written as task-service writes them (signed with the engine's MAC), and a reader of what notify-service announces.
 */
final class NotifyTestEngine {

    /** The services' shared secret key in tests: the engine's MAC is made from it. */
    static final String KEY = "bWZsb3ctZGV2LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";

    private NotifyTestEngine() {
    }

    /** A Mongo-wire store with an oplog (notify-service watches its queue), given to the service. */
    static MongoServer store(DynamicPropertyRegistry registry) {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        String uri = mongo.bindAndGetConnectionString();
        registry.add("spring.mongodb.uri", () -> uri);
        return mongo;
    }

    /** A running SMTP server that mentions and approval mails go to. */
    static GreenMail mail(DynamicPropertyRegistry registry) {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        return smtp;
    }

    /** Writes as task-service does: with the engine's MAC; {@code values} as Avro records, or bytes as they are. */
    static KafkaProducer<Object, Object> signedProducer(EmbeddedKafkaBroker broker, Serializer<?> values) {
        SignedRecords engine = new SignedRecords(RecordMac.ofSecretKey(KEY), List.of());
        return new KafkaProducer<>(KafkaTestUtils.producerProps(broker.getBrokersAsString()),
                engine.keySerializer(new StringSerializer()), engine.valueSerializer(values));
    }

    static KafkaProducer<Object, Object> signedProducer(EmbeddedKafkaBroker broker) {
        return signedProducer(broker, new AvroSerializer());
    }

    /** Reads {@code topic} from its start into {@code into} until interrupted, as a dashboard would. */
    static Thread reader(EmbeddedKafkaBroker broker, String group, String topic,
                         List<ConsumerRecord<String, SpecificRecord>> into) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, group, false);
        props.put("auto.offset.reset", "earliest");
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props,
                    new StringDeserializer(), new AvroDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(into::add);
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                // the test ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}

package io.mflow.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The floor under every hand-off: one produce (acks=all, linger 0) to consume trip on the same broker. */
final class KafkaRoundTrip {

    private KafkaRoundTrip() {
    }

    /** {@code client}: the broker's own super user, the one principal that may make a topic of its own. */
    static Percentiles measure(Map<String, String> client, int warmup, int trips) throws Exception {
        String topic = "mflow.bench-round-trip-" + UUID.randomUUID();
        Map<String, Object> producerConfig = new java.util.HashMap<>(client);
        producerConfig.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0));
        Map<String, Object> consumerConfig = new java.util.HashMap<>(client);
        consumerConfig.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (KafkaProducer<String, Long> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new LongSerializer());
             KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                     new LongDeserializer())) {
            producer.send(new ProducerRecord<>(topic, "k", 0L)).get();
            consumer.subscribe(List.of(topic));
            awaitOne(consumer);
            List<Double> samples = new ArrayList<>();
            for (int i = 0; i < warmup + trips; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k", sent));
                long received = awaitOne(consumer);
                if (i >= warmup) {
                    samples.add((received - sent) / 1_000_000.0);
                }
            }
            return Percentiles.of(samples);
        }
    }

    private static long awaitOne(KafkaConsumer<String, Long> consumer) {
        while (true) {
            for (ConsumerRecord<String, Long> ignored : consumer.poll(Duration.ofMillis(100))) {
                return System.nanoTime();
            }
        }
    }
}

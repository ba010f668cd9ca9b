package io.mflow.launcher.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The machine's yardstick: how many records per second the engine's own broker carries from one producer to one
 * consumer, acks=all and otherwise the clients' defaults, records of a typical event's size. Job transitions per second
 * divided by it compare figures taken on different machines.
 */
final class KafkaThroughput {

    private KafkaThroughput() {
    }

    /** Records per second, end to end: from the first send to the last record consumed. */
    static double measure(Map<String, String> client, int valueBytes, int warmup, int records) throws Exception {
        String topic = "mflow.bench-throughput-" + UUID.randomUUID();
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        byte[] value = new byte[Math.max(1, valueBytes)];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            send(producer, topic, value, warmup);
            consume(consumer, warmup);
            CompletableFuture<Void> consumed = CompletableFuture.runAsync(() -> consume(consumer, records));
            long start = System.nanoTime();
            send(producer, topic, value, records);
            consumed.get(5, TimeUnit.MINUTES);
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value));
        }
        producer.flush();
    }

    /** One consumer, read by one thread at a time: the warm-up's reads end before the measured ones begin. */
    private static void consume(KafkaConsumer<String, byte[]> consumer, int count) {
        int seen = 0;
        while (seen < count) {
            seen += consumer.poll(Duration.ofMillis(100)).count();
        }
    }
}

package io.mflow.launcher;

import io.mflow.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a dashboard sees: the raw bytes of every record on mflow's topics. */
final class TopicReader {

    private TopicReader() {
    }

    /** {@code client}: the broker's reader principal, as a dashboard has it. */
    static List<byte[]> allValues(Map<String, String> client) {
        List<byte[]> values = new ArrayList<>();
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "reader-dashboard-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TASK_EVENTS, Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS,
                    Topics.PIPELINE_TASK_STATUS_REPORTS));
            int emptyPolls = 0;
            while (emptyPolls < 5) {
                var records = consumer.poll(Duration.ofSeconds(1));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                records.forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}

package io.mflow.platform.kafka;

import java.util.List;

/**
 * The topics a service declares: those it consumes get a dead-letter topic each. Partitions and replicas are the
 * platform's settings ({@code mflow.kafka.topic-partitions}, {@code mflow.kafka.topic-replicas}), the same for all.
 */
public record KafkaTopics(List<String> consumed, List<String> produced) {

    public KafkaTopics {
        consumed = List.copyOf(consumed);
        produced = List.copyOf(produced);
    }

    /** Where a poison record of a topic goes: {@code <topic>.DLT} (spring-kafka 4's default would be {@code -dlt}). */
    public static String deadLetterTopicOf(String topic) {
        return topic + ".DLT";
    }
}

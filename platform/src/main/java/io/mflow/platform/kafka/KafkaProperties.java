package io.mflow.platform.kafka;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mflow.kafka.*}.
 *
 * @param topicPartitions   partitions of every topic a service declares (and of its dead-letter topic) that
 *                          {@code topics} does not name: enough for a dozen consumers of each group. Only a topic's
 *                          creation reads it; an existing topic keeps its count (docs/scaling.md#partitions)
 * @param topicReplicas     replication factor of every topic a service declares: 1 on the embedded engine, 3 on a
 *                          cluster
 * @param retryFor          how long a valid record that fails for another reason (the store or the broker away for a
 *                          moment) is retried, in order, before it is dead-lettered
 * @param maxRecordBytes    the largest record value a service writes: what the broker takes ({@code message.max.bytes},
 *                          1 MiB by default) less room for headers and the batch's framing. A change that would
 *                          announce more is refused before anything is stored, rather than stuck in an outbox.
 * @param minInsyncReplicas {@code min.insync.replicas} of every topic a service creates: with {@code acks=all}, how
 *                          many replicas hold a record before its send counts as done. 1 on the embedded engine, 2 on a
 *                          cluster of replicas 3 (one broker may be down and nothing acknowledged is lost)
 * @param topics            per topic, by its full name, what differs from the above ({@code partitions}); a name with
 *                          dots is written in brackets: {@code mflow.kafka.topics[mflow.task-events].partitions=24}
 */
@ConfigurationProperties("mflow.kafka")
public record KafkaProperties(@DefaultValue("12") int topicPartitions,
                              @DefaultValue("1") short topicReplicas,
                              @DefaultValue("10m") Duration retryFor,
                              @DefaultValue("1000000") int maxRecordBytes,
                              @DefaultValue("1") int minInsyncReplicas,
                              Map<String, TopicSettings> topics) {

    @ConstructorBinding
    public KafkaProperties {
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        if (topicPartitions < 1 || topicReplicas < 1 || minInsyncReplicas < 1) {
            throw new IllegalArgumentException("mflow.kafka.topic-partitions, topic-replicas and min-insync-replicas "
                    + "must each be at least 1");
        }
        if (minInsyncReplicas > topicReplicas) {
            // every send with acks=all would be refused (NotEnoughReplicas): nothing could ever be written
            throw new IllegalArgumentException("mflow.kafka.min-insync-replicas (" + minInsyncReplicas
                    + ") cannot exceed mflow.kafka.topic-replicas (" + topicReplicas + ")");
        }
    }

    public KafkaProperties(int topicPartitions, short topicReplicas, Duration retryFor, int maxRecordBytes) {
        this(topicPartitions, topicReplicas, retryFor, maxRecordBytes, 1, Map.of());
    }

    /** How many partitions a topic is created with: its own setting, else {@code topic-partitions}. */
    public int partitionsOf(String topic) {
        TopicSettings own = topics.get(topic);
        return own != null && own.partitions() != null ? own.partitions() : topicPartitions;
    }

    /** {@code mflow.kafka.topics.<topic>.*}: one topic's own settings; unset ones are the defaults above. */
    public record TopicSettings(Integer partitions) {

        public TopicSettings {
            if (partitions != null && partitions < 1) {
                throw new IllegalArgumentException("a topic's partitions must be at least 1, not " + partitions);
            }
        }
    }
}

package io.mflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code mflow.kafka.*} as an operator writes it, and the topics a service then creates. */
class KafkaPropertiesTest {

    @Test
    void withNothingSetTopicsHaveTwelvePartitionsOneReplicaAndOneInSync() {
        KafkaProperties properties = bind(Map.of());

        assertThat(properties.topicPartitions()).isEqualTo(12);
        assertThat(properties.topicReplicas()).isEqualTo((short) 1);
        assertThat(properties.minInsyncReplicas()).isEqualTo(1);
        assertThat(properties.partitionsOf("mflow.task-events")).isEqualTo(12);
    }

    @Test
    void aTopicWhoseNameHasDotsIsNamedInBracketsAndKeepsItsWholeName() {
        KafkaProperties properties = bind(Map.of(
                "mflow.kafka.topics[mflow.task-events].partitions", "24",
                "mflow.kafka.topic-replicas", "3",
                "mflow.kafka.min-insync-replicas", "2"));

        assertThat(properties.partitionsOf("mflow.task-events")).isEqualTo(24);
        assertThat(properties.partitionsOf("mflow.job-commands")).isEqualTo(12);
        List<NewTopic> created = DeclaredTopics.of(List.of(new KafkaTopics(List.of("mflow.task-events"),
                List.of("mflow.job-commands"))), properties);
        assertThat(created).extracting(NewTopic::name, NewTopic::numPartitions, NewTopic::replicationFactor)
                .containsExactlyInAnyOrder(
                        tuple("mflow.job-commands", 12, (short) 3),
                        tuple("mflow.task-events", 24, (short) 3),
                        tuple("mflow.task-events.DLT", 24, (short) 3));
        assertThat(created).allSatisfy(topic -> assertThat(topic.configs())
                .containsEntry("min.insync.replicas", "2"));
    }

    @Test
    void aTopicDeclaredByTwoServicesIsCreatedOnce() {
        List<NewTopic> created = DeclaredTopics.of(List.of(
                new KafkaTopics(List.of(), List.of("mflow.task-events")),
                new KafkaTopics(List.of("mflow.task-events"), List.of())), bind(Map.of()));

        assertThat(created).extracting(NewTopic::name)
                .containsExactlyInAnyOrder("mflow.task-events", "mflow.task-events.DLT");
    }

    @Test
    void noPartitionsOrMoreInSyncThanReplicasIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("mflow.kafka.topics[mflow.task-events].partitions", "0")))
                .hasRootCauseMessage("a topic's partitions must be at least 1, not 0");
        assertThatThrownBy(() -> bind(Map.of("mflow.kafka.topic-replicas", "3",
                "mflow.kafka.min-insync-replicas", "4")))
                .hasRootCauseMessage("mflow.kafka.min-insync-replicas (4) cannot exceed mflow.kafka.topic-replicas (3)");
    }

    private static KafkaProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("mflow.kafka", KafkaProperties.class);
    }
}

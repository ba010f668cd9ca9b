package io.mflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TopicFollowerTest {

    private static final TopicPartition TASK_EVENTS = new TopicPartition(Topics.TASK_EVENTS, 0);
    private static final TopicPartition COMMANDS = new TopicPartition(Topics.JOB_COMMANDS, 0);

    private static final Duration LOOK_AGAIN_EVERY = Duration.ofMillis(50);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();

    @Test
    void withoutFromBeginningOnlyRecordsWrittenAfterTheStartArePrinted() throws Exception {
        exists(TASK_EVENTS, 2);
        TopicFollower follower = follower(false, Topics.TASK_EVENTS);

        follower.poll(Duration.ofMillis(10));
        write(TASK_EVENTS, 0, "old");
        write(TASK_EVENTS, 1, "old");
        write(TASK_EVENTS, 2, "new");

        assertThat(values(follower.poll(Duration.ofMillis(10)))).containsExactly("new");
    }

    @Test
    void fromTheBeginningEveryRecordKeptIsPrinted() throws Exception {
        exists(TASK_EVENTS, 2);
        TopicFollower follower = follower(true, Topics.TASK_EVENTS);

        follower.poll(Duration.ofMillis(10));
        write(TASK_EVENTS, 0, "first");
        write(TASK_EVENTS, 1, "second");

        assertThat(values(follower.poll(Duration.ofMillis(10)))).containsExactly("first", "second");
    }

    @Test
    void aTopicThatAppearsLaterIsReadFromItsBeginningSinceAllOfItIsNew() throws Exception {
        exists(TASK_EVENTS, 0);
        TopicFollower follower = follower(false, Topics.TASK_EVENTS, Topics.JOB_COMMANDS);
        follower.poll(Duration.ofMillis(10));
        assertThat(notes()).contains(Topics.JOB_COMMANDS + " does not exist yet");

        exists(COMMANDS, 1);
        Thread.sleep(LOOK_AGAIN_EVERY.toMillis() + 20);
        follower.poll(Duration.ofMillis(10));
        write(COMMANDS, 0, "run");

        assertThat(values(follower.poll(Duration.ofMillis(10)))).containsExactly("run");
        assertThat(consumer.assignment()).containsExactlyInAnyOrder(TASK_EVENTS, COMMANDS);
        assertThat(consumer.subscription()).as("no consumer group").isEmpty();
    }

    private TopicFollower follower(boolean fromBeginning, String... topics) {
        return new TopicFollower(consumer, List.of(topics), fromBeginning, "test",
                new PrintStream(notes, true, StandardCharsets.UTF_8), LOOK_AGAIN_EVERY);
    }

    private void exists(TopicPartition partition, long end) {
        consumer.updatePartitions(partition.topic(), List.of(new PartitionInfo(partition.topic(), partition.partition(),
                null, null, null)));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, end));
    }

    private void write(TopicPartition partition, long offset, String value) {
        consumer.addRecord(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null,
                value.getBytes(StandardCharsets.UTF_8)));
    }

    private String notes() {
        return notes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> values(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        List<String> values = new ArrayList<>();
        records.forEach(record -> values.add(new String(record.value(), StandardCharsets.UTF_8)));
        return values;
    }
}

package io.mflow.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Follows topics without a consumer group, so it never moves anyone's offsets: it assigns every partition itself,
 * commits nothing, and looks again every few seconds for topics and partitions that appeared since. The partitions
 * there at the first look are read from their beginning or their end, as asked; one that appears later is read
 * from its beginning, since all of it is new.
 */
final class TopicFollower implements AutoCloseable {

    private static final Duration LOOK_AGAIN_EVERY = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final boolean fromBeginning;
    private final String where;
    private final PrintStream notes;
    private final Duration lookAgainEvery;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private boolean looked;
    private boolean unanswered;
    private long nextLook;

    /** {@code where} names the brokers in notes; {@code notes} is for people (stderr), never the records' stream. */
    TopicFollower(Consumer<byte[], byte[]> consumer, List<String> topics, boolean fromBeginning, String where,
            PrintStream notes) {
        this(consumer, topics, fromBeginning, where, notes, LOOK_AGAIN_EVERY);
    }

    TopicFollower(Consumer<byte[], byte[]> consumer, List<String> topics, boolean fromBeginning, String where,
            PrintStream notes, Duration lookAgainEvery) {
        this.consumer = consumer;
        this.lookAgainEvery = lookAgainEvery;
        this.topics = List.copyOf(topics);
        this.fromBeginning = fromBeginning;
        this.where = where;
        this.notes = notes;
        this.nextLook = System.nanoTime();
    }

    /** The records that arrived within about {@code wait}; none while no topic exists yet or the brokers are away. */
    ConsumerRecords<byte[], byte[]> poll(Duration wait) throws InterruptedException {
        if (System.nanoTime() - nextLook >= 0) {
            if (!look(wait)) {
                return ConsumerRecords.empty(); // the wait went into asking; ask again on the next poll
            }
            nextLook = System.nanoTime() + lookAgainEvery.toNanos();
        }
        if (assigned.isEmpty()) {
            Thread.sleep(wait.toMillis());
            return ConsumerRecords.empty();
        }
        return consumer.poll(wait);
    }

    /** Ends a poll in progress from another thread (Ctrl-C); that poll throws {@code WakeupException}. */
    void wakeup() {
        consumer.wakeup();
    }

    /** Assigns the partitions that appeared since the last look; false if the brokers did not answer in time. */
    private boolean look(Duration wait) {
        Map<String, List<PartitionInfo>> existing;
        try {
            existing = consumer.listTopics(wait);
        } catch (TimeoutException e) {
            if (!unanswered) {
                notes.println("mflow: no answer from Kafka at " + where + " yet; still trying");
                unanswered = true;
            }
            return false;
        }
        unanswered = false;
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> partitions = existing.get(topic);
            if (partitions == null) {
                if (!looked) {
                    notes.println("mflow: " + topic + " does not exist yet; it is read once it does");
                }
                continue;
            }
            for (PartitionInfo partition : partitions) {
                TopicPartition topicPartition = new TopicPartition(topic, partition.partition());
                if (assigned.add(topicPartition)) {
                    added.add(topicPartition);
                }
            }
        }
        if (!added.isEmpty()) {
            consumer.assign(assigned);
            if (looked || fromBeginning) {
                consumer.seekToBeginning(added);
            } else {
                consumer.seekToEnd(added);
            }
        }
        looked = true;
        return true;
    }

    @Override
    public void close() {
        // no group, no commits: nothing to wait for, and Ctrl-C should end the tail at once
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
}

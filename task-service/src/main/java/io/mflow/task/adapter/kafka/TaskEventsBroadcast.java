package io.mflow.task.adapter.kafka;

import io.mflow.platform.kafka.SignedRecords;
import io.mflow.schemas.Topics;
import io.mflow.task.app.RunChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Every replica's own reading of task-service's events, for the run pages it serves: the replica that changed a run
 * may not be the one whose page shows it, so each reads every partition of {@code mflow.task-events} itself, from its
 * end when it starts (no consumer group: it shares nothing, commits nothing, and moves no one's offsets). A record
 * naming a run tells {@link RunChanges}; what changed is read from the store then, so a record missed or read twice
 * costs nothing but a late or an extra rendering.
 *
 * <p>The consumer is made from the service's own Kafka settings (security included) with the platform's checking
 * deserializers ({@link SignedRecords}): a record without the engine's valid MAC arrives without a value and is
 * passed over.
 */
@Component
class TaskEventsBroadcast implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskEventsBroadcast.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How often it looks for partitions that appeared (the topic made meanwhile, partitions added). */
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(30);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(2);

    private final DefaultKafkaConsumerFactory<Object, Object> consumers;
    private final RunChanges runs;
    private volatile boolean running;
    private volatile Consumer<Object, Object> consumer;
    private Thread thread;

    TaskEventsBroadcast(ConsumerFactory<?, ?> service, SignedRecords signed, RunChanges runs) {
        Map<String, Object> configs = new HashMap<>(service.getConfigurationProperties());
        configs.remove(ConsumerConfig.GROUP_ID_CONFIG);
        configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        this.consumers = new DefaultKafkaConsumerFactory<>(configs, signed::keyDeserializer, signed::valueDeserializer);
        this.runs = runs;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "task-events-broadcast");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Consumer<Object, Object> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        Thread reader = thread;
        if (reader != null) {
            try {
                reader.join(AFTER_FAILURE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Consumer<Object, Object> reading = consumers.createConsumer()) {
                consumer = reading;
                read(reading);
            } catch (WakeupException e) {
                return; // stopping
            } catch (RuntimeException e) {
                // the broker away for a moment: read again from the end; the pages' safety poll covers the gap
                log.warn("reading {} for the live run pages failed, starting again: {}", Topics.TASK_EVENTS,
                        e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void read(Consumer<Object, Object> reading) {
        Set<TopicPartition> assigned = new LinkedHashSet<>();
        long nextLook = 0;
        while (running) {
            if (System.nanoTime() - nextLook >= 0) {
                assignNew(reading, assigned);
                nextLook = System.nanoTime() + LOOK_AGAIN.toNanos();
            }
            if (assigned.isEmpty()) {
                pause();
                continue;
            }
            try {
                for (ConsumerRecord<Object, Object> record : reading.poll(POLL)) {
                    String run = runOf(record.value());
                    if (run != null) {
                        runs.changed(run);
                    }
                }
            } catch (RecordDeserializationException e) {
                reading.seek(e.topicPartition(), e.offset() + 1); // not a record of ours: pass it over
            }
        }
    }

    private static void assignNew(Consumer<Object, Object> reading, Set<TopicPartition> assigned) {
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo partition : reading.partitionsFor(Topics.TASK_EVENTS, POLL.multipliedBy(5))) {
            TopicPartition topicPartition = new TopicPartition(partition.topic(), partition.partition());
            if (assigned.add(topicPartition)) {
                added.add(topicPartition);
            }
        }
        if (!added.isEmpty()) {
            reading.assign(assigned);
            reading.seekToEnd(added);
        }
    }

    /** The run a task event is of: every one that concerns a run names it in {@code pipelineTaskId}. */
    static String runOf(Object value) {
        if (!(value instanceof SpecificRecord record)) {
            return null;
        }
        Schema.Field field = record.getSchema().getField("pipelineTaskId");
        Object run = field == null ? null : record.get(field.pos());
        return run == null ? null : run.toString();
    }

    private void pause() {
        try {
            Thread.sleep(AFTER_FAILURE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

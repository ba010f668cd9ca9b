package io.mflow.launcher.bench;

import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One consumer of the engine's topics that notes, per job task and per run, when each record of a hand-off was
 * stored (the relay's {@code mflow-stored-at} header), put on Kafka (the record's timestamp) and seen here.
 */
final class Observer {

    /** What the topics told about one job task; times in microseconds since the epoch, seen in nanoTime. */
    static final class TaskTimes {
        volatile long reportOnKafka = -1;
        volatile long reportSeen = -1;
        volatile long eventStored = -1;
        volatile long eventOnKafka = -1;
        volatile long runJobStored = -1;
        volatile long runJobOnKafka = -1;
        volatile long runJobSeen = -1;
        volatile boolean active;
    }

    final Map<String, List<String>> taskOrderByRun = new ConcurrentHashMap<>();
    final Map<String, TaskTimes> tasks = new ConcurrentHashMap<>();
    final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    final Map<String, Stage> finalStage = new ConcurrentHashMap<>();
    /** A permit for every run seen to end: the benchmark waits on it instead of polling, which took a core's CPU. */
    final Semaphore finished = new Semaphore(0);
    final Set<String> activeTasks = ConcurrentHashMap.newKeySet();
    /** Every job task status change seen, and their values' bytes: the engine's transitions and their typical size. */
    final AtomicLong jobTransitions = new AtomicLong();
    final AtomicLong jobTransitionBytes = new AtomicLong();

    /** The broker's reader principal: a dashboard's view. */
    private final Map<String, String> client;
    private volatile boolean assigned;

    Observer(Map<String, String> client) {
        this.client = Map.copyOf(client);
    }

    void start() throws InterruptedException {
        Thread thread = new Thread(this::observe, "bench-observer");
        thread.setDaemon(true);
        thread.start();
        while (!assigned) {
            Thread.sleep(50);
        }
    }

    TaskTimes task(String jobTaskId) {
        return tasks.computeIfAbsent(jobTaskId, id -> new TaskTimes());
    }

    /** The mean size of a job task status change's value, in bytes (the observer must have seen one). */
    int typicalEventBytes() {
        return (int) (jobTransitionBytes.get() / Math.max(1, jobTransitions.get()));
    }

    private void observe() {
        Map<String, Object> config = new java.util.HashMap<>(client);
        config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "reader-bench-observer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new AvroDeserializer())) {
            consumer.subscribe(List.of(Topics.TASK_EVENTS, Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS));
            while (true) {
                var records = consumer.poll(Duration.ofMillis(10));
                if (!consumer.assignment().isEmpty()) {
                    assigned = true;
                }
                for (ConsumerRecord<String, SpecificRecord> record : records) {
                    note(record, System.nanoTime());
                }
            }
        }
    }

    private void note(ConsumerRecord<String, SpecificRecord> record, long seen) {
        long onKafka = record.timestamp() * 1000;
        SpecificRecord value = record.value();
        if (value instanceof PipelineTaskCreated created) {
            List<String> order = new ArrayList<>();
            for (StagePlan stage : created.getStages()) {
                stage.getTasks().forEach(task -> order.add(task.getJobTaskId()));
            }
            taskOrderByRun.put(created.getPipelineTaskId(), order);
        } else if (value instanceof RunJob run) {
            TaskTimes task = task(run.getJobTaskId());
            if (task.runJobSeen < 0) {
                task.runJobStored = storedAt(record);
                task.runJobOnKafka = onKafka;
                task.runJobSeen = seen;
            }
        } else if (value instanceof JobTaskStatusReported report && report.getStage() == Stage.SUCCEEDED) {
            TaskTimes task = task(report.getJobTaskId());
            if (task.reportSeen < 0) {
                task.reportOnKafka = onKafka;
                task.reportSeen = seen;
            }
        } else if (value instanceof JobTaskStatusChanged changed) {
            jobTransitions.incrementAndGet();
            jobTransitionBytes.addAndGet(record.serializedValueSize());
            if (changed.getStage() == Stage.SUCCEEDED) {
                TaskTimes task = task(changed.getJobTaskId());
                if (task.eventOnKafka < 0) {
                    task.eventStored = storedAt(record);
                    task.eventOnKafka = onKafka;
                }
            } else if (changed.getStage() == Stage.ACTIVE) {
                activeTasks.add(changed.getJobTaskId());
            }
        } else if (value instanceof PipelineTaskStatusChanged changed && isTerminal(changed.getStage())) {
            finishedAt.putIfAbsent(changed.getPipelineTaskId(), seen);
            finalStage.putIfAbsent(changed.getPipelineTaskId(), changed.getStage());
            finished.release();
        }
    }

    private static long storedAt(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader("mflow-stored-at");
        if (header == null) {
            return -1;
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(new String(header.value(), StandardCharsets.UTF_8)));
    }

    private static boolean isTerminal(Stage stage) {
        return stage == Stage.SUCCEEDED || stage == Stage.FAILED || stage == Stage.CANCELED;
    }
}

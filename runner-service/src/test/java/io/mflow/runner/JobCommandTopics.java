package io.mflow.runner;

import io.mflow.platform.kafka.RecordMac;
import io.mflow.platform.kafka.SignedRecords;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The test's side of the topics: it sends job commands and reads what the runner reported, like pipeline-service and task-service would. */
public class JobCommandTopics implements AutoCloseable {

    public static final String DEV_KEY = "bWZsb3ctZGV2LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";
    public static final SealedValues SEALED = new SealedValues(DEV_KEY);

    /** Signs as the engine does: mflow's services share the secret key, and with it the records' MAC. */
    public static final RecordMac ENGINE_MAC = RecordMac.ofSecretKey(DEV_KEY);
    public static final SignedRecords ENGINE = new SignedRecords(ENGINE_MAC, List.of());

    private final KafkaProducer<Object, Object> commands;
    private final KafkaProducer<Object, Object> rawCommands;
    /** Someone who may write to the topics but does not hold the engine's key. */
    private final KafkaProducer<String, byte[]> outsider;
    private final KafkaConsumer<String, SpecificRecord> reportConsumer;
    private final KafkaConsumer<String, byte[]> deadLetterConsumer;
    private final KafkaConsumer<String, SpecificRecord> logConsumer;
    private final List<io.mflow.schemas.event.JobLogChunk> logs = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, JobTaskStatusReported>> reports = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();

    public JobCommandTopics(String brokers) {
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        commands = new KafkaProducer<>(producer, ENGINE.keySerializer(new StringSerializer()),
                ENGINE.valueSerializer(new AvroSerializer()));
        rawCommands = new KafkaProducer<>(producer, ENGINE.keySerializer(new StringSerializer()),
                ENGINE.valueSerializer(new ByteArraySerializer()));
        outsider = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        reportConsumer = new KafkaConsumer<>(consumer, new StringDeserializer(), new AvroDeserializer());
        deadLetterConsumer = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
        assignFromStart(reportConsumer, Topics.JOB_TASK_STATUS_REPORTS);
        assignFromStart(deadLetterConsumer, Topics.JOB_COMMANDS + Topics.DEAD_LETTER_SUFFIX);
        logConsumer = new KafkaConsumer<>(consumer, new StringDeserializer(), new AvroDeserializer());
        assignFromStart(logConsumer, Topics.JOB_LOGS);
    }

    /** The output chunks of a job task published so far, in the order they came. */
    public synchronized List<io.mflow.schemas.event.JobLogChunk> logsOf(String jobTaskId) {
        logConsumer.poll(Duration.ofMillis(100))
                .forEach(r -> logs.add((io.mflow.schemas.event.JobLogChunk) r.value()));
        return logs.stream().filter(c -> c.getJobTaskId().equals(jobTaskId)).toList();
    }

    private static void assignFromStart(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public static RunJob runJob(String jobTaskId, String script) {
        return RunJob.newBuilder()
                .setAttemptId(jobTaskId + "#1")
                .setJobTaskId(jobTaskId)
                .setPipelineTaskId("pt-" + jobTaskId)
                .setJobTaskName("build")
                .setJobName("build-job")
                .setRunnerType("LOCAL")
                .setRunnerSpec(script)
                .setParams(List.of())
                .setUpdateToken(SEALED.seal("token-" + jobTaskId, SealedPlace.updateToken(jobTaskId, 1)))
                .setDryRun(false)
                .setIssuedAt(Instant.now())
                .build();
    }

    /** A plain param; a sensitive one is sealed for its job task, see the other {@code param}. */
    public static RunParam param(String name, String value, boolean sensitive) {
        if (sensitive) {
            throw new IllegalArgumentException("a sensitive param is sealed for its job task: give its id");
        }
        return RunParam.newBuilder().setName(name).setValue(value).setSensitive(false).build();
    }

    public static RunParam param(String jobTaskId, String name, String value, boolean sensitive) {
        return RunParam.newBuilder().setName(name)
                .setValue(sensitive ? SEALED.seal(value, SealedPlace.jobTaskParam(jobTaskId, name)) : value)
                .setSensitive(sensitive).build();
    }

    public static CancelJob cancelJob(String jobTaskId, String reason) {
        return CancelJob.newBuilder()
                .setAttemptId(jobTaskId + "#1")
                .setJobTaskId(jobTaskId)
                .setPipelineTaskId("pt-" + jobTaskId)
                .setUpdateToken(SEALED.seal("token-" + jobTaskId, SealedPlace.updateToken(jobTaskId, 1)))
                .setReason(reason)
                .setIssuedAt(Instant.now())
                .build();
    }

    public void send(String key, SpecificRecord command) throws Exception {
        commands.send(new ProducerRecord<>(Topics.JOB_COMMANDS, key, command)).get(10, TimeUnit.SECONDS);
    }

    /** A fact on the task events, as task-service announces it. */
    public void sendTaskEvent(String key, SpecificRecord event) throws Exception {
        commands.send(new ProducerRecord<>(Topics.TASK_EVENTS, key, event)).get(10, TimeUnit.SECONDS);
    }

    /** A RunJob written in the trace {@code traceparent} names, as pipeline-service writes one in a run's trace. */
    public void send(RunJob run, String traceparent) throws Exception {
        ProducerRecord<Object, Object> record = new ProducerRecord<>(Topics.JOB_COMMANDS, run.getPipelineTaskId(), run);
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        commands.send(record).get(10, TimeUnit.SECONDS);
    }

    public void send(RunJob run) throws Exception {
        send(run.getPipelineTaskId(), run);
    }

    public void send(CancelJob cancel) throws Exception {
        send(cancel.getPipelineTaskId(), cancel);
    }

    public void sendRaw(String key, byte[] bytes) throws Exception {
        rawCommands.send(new ProducerRecord<>(Topics.JOB_COMMANDS, key, bytes)).get(10, TimeUnit.SECONDS);
    }

    /**
     * A command as someone outside the engine writes it: encoded as the engine would (the contract is public), with
     * the MAC {@code signedAs} makes, or none when null.
     */
    public void sendAsOutsider(RunJob run, RecordMac signedAs) throws Exception {
        ProducerRecord<String, byte[]> record = encoded(run);
        if (signedAs != null) {
            signedAs.sign(record.topic(), bytes(record.key()), record.value(), record.headers());
        }
        outsider.send(record).get(10, TimeUnit.SECONDS);
    }

    /** {@code sent} with the headers, the engine's MAC among them, of {@code signed}: a command altered on its way. */
    public void sendAltered(RunJob signed, RunJob sent) throws Exception {
        ProducerRecord<String, byte[]> original = encoded(signed);
        ENGINE_MAC.sign(original.topic(), bytes(original.key()), original.value(), original.headers());
        ProducerRecord<String, byte[]> altered = new ProducerRecord<>(original.topic(), null, original.key(),
                new AvroSerializer().serialize(original.topic(), sent), original.headers());
        outsider.send(altered).get(10, TimeUnit.SECONDS);
    }

    private static ProducerRecord<String, byte[]> encoded(RunJob run) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = new AvroSerializer().serialize(Topics.JOB_COMMANDS, headers, run);
        return new ProducerRecord<>(Topics.JOB_COMMANDS, null, run.getPipelineTaskId(), value, headers);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every report seen so far for one job task, in the order they came. */
    public synchronized List<ConsumerRecord<String, JobTaskStatusReported>> reportsOf(String jobTaskId) {
        for (ConsumerRecord<String, SpecificRecord> r : reportConsumer.poll(Duration.ofMillis(100))) {
            reports.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                    r.serializedKeySize(), r.serializedValueSize(), r.key(), (JobTaskStatusReported) r.value(),
                    r.headers(), r.leaderEpoch()));
        }
        return reports.stream().filter(r -> r.value().getJobTaskId().equals(jobTaskId)).toList();
    }

    public synchronized List<String> stagesOf(String jobTaskId) {
        return reportsOf(jobTaskId).stream().map(r -> r.value().getStage().name()).toList();
    }

    public synchronized List<ConsumerRecord<String, byte[]>> deadLetters() {
        deadLetterConsumer.poll(Duration.ofMillis(100)).forEach(deadLetters::add);
        return List.copyOf(deadLetters);
    }

    @Override
    public void close() {
        commands.close();
        rawCommands.close();
        outsider.close();
        reportConsumer.close();
        deadLetterConsumer.close();
        logConsumer.close();
    }
}

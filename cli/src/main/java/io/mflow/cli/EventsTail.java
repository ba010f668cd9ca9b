package io.mflow.cli;

import io.mflow.schemas.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Properties;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import io.mflow.schemas.serde.SchemaRegistry;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "tail", sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Prints every record on mflow's topics as one JSON object a line (topic, partition, offset, key, "
                        + "timestamp, type, version, headers, value) and follows new ones until Ctrl-C.",
                "Values are decoded with the published schemas; sealed values stay sealed. A record that cannot be "
                        + "decoded is printed with \"error\" and its \"bytes\" in base64. It joins no consumer group "
                        + "and commits nothing."},
        footer = {"", "Examples:",
                "  mflow events tail --from-beginning --run pt-0190f3c2a1b4...",
                "  mflow events tail task-events job-commands --type JobTaskStatusChanged",
                "  mflow events tail --from-beginning --timeout 10s > records.jsonl"})
final class EventsTail implements Callable<Integer> {

    /** The public topics, followed when none is named; with their dead letters, which say why they are there. */
    static final List<String> PUBLIC_TOPICS = List.of(Topics.TASK_EVENTS, Topics.JOB_COMMANDS,
            Topics.JOB_TASK_STATUS_REPORTS, Topics.PIPELINE_TASK_STATUS_REPORTS, Topics.JOB_LOGS, Topics.NOTIFY_EVENTS,
            Topics.APPROVAL_EVENTS);

    private static final String TOPIC_PREFIX = "mflow.";
    /** Where the embedded engine writes its reader principal's settings, relative to where it was started. */
    static final String DEFAULT_KAFKA_CONFIG = "data/kafka-reader.properties";
    private static final Duration POLL_WAIT = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", arity = "0..*", description = {
            "Topics to read: mflow.task-events, or task-events for short; task-events.DLT for its dead letters.",
            "Default: every public topic and its .DLT: " + "task-events, job-commands, job-task-status-reports, "
                    + "pipeline-task-status-reports, job-logs, notify-events."})
    List<String> topics = new ArrayList<>();

    /** A tail that waits minutes for a registry that does not answer helps no one: it says so and goes on. */
    private static final java.time.Duration REGISTRY_PATIENCE = java.time.Duration.ofSeconds(5);

    @Option(names = "--from-beginning", description = "Start at the oldest record kept, not at the newest.")
    boolean fromBeginning;

    @Option(names = "--run", paramLabel = "PIPELINE_TASK_ID",
            description = "Only one run's records: those keyed by this pipeline task id (or job task id, for a job run on its own).")
    String run;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Only records of this type, by short or full Avro name (JobTaskStatusChanged, "
                    + "io.mflow.schemas.command.RunJob).")
    String type;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers. Default: the --kafka-config file's bootstrap.servers, else "
                    + "$KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${env:MFLOW_KAFKA_CONFIG}",
            description = {"Kafka client properties: security.protocol, sasl.mechanism, sasl.jaas.config "
                    + "(and bootstrap.servers).",
                    "Default: $MFLOW_KAFKA_CONFIG, else " + DEFAULT_KAFKA_CONFIG + " where it exists (the embedded "
                            + "engine writes it: the reader principal, which may only read)."})
    Path kafkaConfig;

    @Option(names = "--schema-registry", paramLabel = "URL", defaultValue = "${env:MFLOW_SCHEMA_REGISTRY_URL}",
            description = "The schema registry's Confluent-compatible API, to read records written in registry mode."
                    + " Default: $MFLOW_SCHEMA_REGISTRY_URL.")
    String schemaRegistry;

    @Option(names = "--max-records", paramLabel = "N", description = "Stop after printing N records.")
    Long maxRecords;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Stop after this long (500ms, 30s, 2m, PT1H), whatever was printed.")
    Duration timeout;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        PublishedSchemas schemas = PublishedSchemas.ofContract();
        Selection selection = new Selection(run, type == null ? null : schemas.fullNameOf(type).orElseThrow(
                () -> new ParameterException(spec.commandLine(), "--type " + type + " is no type of the contract: "
                        + String.join(", ", schemas.typeNames().stream().map(PublishedSchemas::shortName).toList()))));
        RecordLines lines = new RecordLines(new ValueDecoder(schemas, schemaRegistry == null || schemaRegistry.isBlank()
                ? null : new SchemaRegistry(schemaRegistry.trim(), REGISTRY_PATIENCE)));
        JsonMapper json = JsonMapper.builder().build();
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long printed = 0;
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch closed = new CountDownLatch(1);
        Map<String, Object> client = kafkaClient();
        try (TopicFollower follower = new TopicFollower(consumer(client), topicNames(), fromBeginning,
                (String) client.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
                System.err)) {
            Thread hook = onCtrlC(follower, stopping, closed);
            try {
                while (!stopping.get() && (maxRecords == null || printed < maxRecords) && System.nanoTime() < deadline) {
                    Duration wait = Duration.ofNanos(Math.min(POLL_WAIT.toNanos(), Math.max(deadline - System.nanoTime(), 1)));
                    for (ConsumerRecord<byte[], byte[]> record : follower.poll(wait)) {
                        RecordLines.Line line = lines.render(record);
                        if (selection.keeps(line)) {
                            out.println(json.writeValueAsString(line.json()));
                            if (maxRecords != null && ++printed >= maxRecords) {
                                break;
                            }
                        }
                    }
                    out.flush();
                    if (out.checkError()) {
                        break; // whoever read our output is gone (| head)
                    }
                }
            } catch (WakeupException e) {
                // Ctrl-C: what was printed is flushed below
            } finally {
                out.flush();
                removeQuietly(hook);
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }

    /** Which records to print: one run's (by key), one type's (by full name); null keeps all. */
    record Selection(String run, String fullType) {
        boolean keeps(RecordLines.Line line) {
            return (run == null || run.equals(line.key())) && (fullType == null || fullType.equals(line.fullType()));
        }
    }

    /** The named topics with the {@code mflow.} prefix added where it was left out; all public ones if none. */
    List<String> topicNames() {
        if (topics.isEmpty()) {
            List<String> all = new ArrayList<>(PUBLIC_TOPICS);
            PUBLIC_TOPICS.forEach(topic -> all.add(topic + Topics.DEAD_LETTER_SUFFIX));
            return all;
        }
        List<String> all = new ArrayList<>();
        for (String topic : topics) {
            String bare = topic.endsWith(Topics.DEAD_LETTER_SUFFIX)
                    ? topic.substring(0, topic.length() - Topics.DEAD_LETTER_SUFFIX.length()) : topic;
            all.add(PUBLIC_TOPICS.contains(TOPIC_PREFIX + bare) ? TOPIC_PREFIX + topic : topic);
        }
        return all;
    }

    /**
     * The client's settings: the --kafka-config file's (or the embedded engine's reader file, where it exists), the
     * brokers named on the command line over the file's.
     */
    Map<String, Object> kafkaClient() throws IOException {
        Map<String, Object> client = new HashMap<>();
        Path file = kafkaConfig != null ? kafkaConfig
                : Files.isReadable(Path.of(DEFAULT_KAFKA_CONFIG)) ? Path.of(DEFAULT_KAFKA_CONFIG) : null;
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(name -> client.put(name, properties.getProperty(name)));
        }
        String fromEnv = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.strip());
        } else if (!client.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    fromEnv == null || fromEnv.isBlank() ? "127.0.0.1:9092" : fromEnv.strip());
        }
        return client;
    }

    private KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        // no group.id: the consumer cannot commit, so it never moves anyone's offsets
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putAll(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "mflow-cli",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // where to go on when retention removed the records at our position
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false));
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * On Ctrl-C the poll in progress ends, the consumer closes and what was printed is flushed before the JVM exits.
     * The hook waits for that, not for the tail's thread to end: that thread goes on to {@code System.exit}, which
     * blocks while hooks run.
     */
    private static Thread onCtrlC(TopicFollower follower, AtomicBoolean stopping, CountDownLatch closed) {
        Thread hook = new Thread(() -> {
            stopping.set(true);
            follower.wakeup();
            try {
                closed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mflow-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is what stopped us
        }
    }
}

import io.mflow.schemas.Topics;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.sealed.ReportProofs;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reports a job task's status to mflow over Kafka, and reads why a report was refused. Needs only the
 * {@code io.mflow:schemas} jar and its dependencies (Avro, kafka-clients) on the class path; run it as a
 * single-file source program:
 *
 * <pre>
 * java -cp "$CLASSPATH" ReportStatus.java report --stage SUCCEEDED --message "rolled out" \
 *     --detail "3/3 replicas ready" --extension cluster=eu-1
 * java -cp "$CLASSPATH" ReportStatus.java dead-letters --report-id &lt;the id printed above&gt; --wait 30
 * </pre>
 *
 * Where to report and with what comes from the job's environment (MFLOW_KAFKA_BOOTSTRAP_SERVERS,
 * MFLOW_STATUS_TOPIC, MFLOW_JOB_TASK_ID, MFLOW_PIPELINE_TASK_ID, MFLOW_UPDATE_TOKEN), or from the options
 * --bootstrap, --topic, --job-task-id, --pipeline-task-id, --token. The broker's credentials come from a Kafka
 * client properties file (MFLOW_KAFKA_CONFIG or --kafka-config): the embedded engine writes
 * {@code data/kafka-reporter.properties} (may write reports) and {@code data/kafka-reader.properties} (may read,
 * which {@code dead-letters} needs).
 */
public class ReportStatus {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.command.equals("report")) {
            report(options);
        } else if (options.command.equals("dead-letters")) {
            System.exit(deadLetters(options) ? 0 : 3);
        } else {
            throw new IllegalArgumentException("usage: ReportStatus.java report|dead-letters [options]");
        }
    }

    static void report(Options o) throws Exception {
        String reportId = o.reportId != null ? o.reportId : "ext-" + UUID.randomUUID();
        JobTaskStatusReported report = JobTaskStatusReported.newBuilder()
                .setReportId(reportId)
                .setJobTaskId(o.require("job task id", o.jobTaskId))
                // MFLOW_PIPELINE_TASK_ID is the job task id for a job run on its own, which has no pipeline task
                .setPipelineTaskId(o.jobTaskId.equals(o.pipelineTaskId) ? null : o.pipelineTaskId)
                // a proof good for this one report only: the token itself never goes on the topic
                .setUpdateToken(o.plainToken ? o.require("update token", o.token)
                        : ReportProofs.prove(o.require("update token", o.token), reportId, o.jobTaskId, o.stage))
                .setStage(Stage.valueOf(o.stage))
                .setMessage(o.message)
                .setDetail(o.detail)
                .setExtension(o.extension)
                .setOutputs(o.outputs)
                .setReportedAt(Instant.now())
                .build();
        Map<String, Object> config = o.kafkaClient();
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                AvroSerializer.SOURCE_CONFIG, "/controllers/report-status"));
        // AvroSerializer writes the single-object encoding, the mflow-type header and the CloudEvents headers
        // (ce_source from the setting above)
        AvroSerializer avro = new AvroSerializer();
        avro.configure(config, false);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                avro)) {
            // one key per run: every report of a run goes to the same partition, so the engine applies them in order
            String key = o.pipelineTaskId != null ? o.pipelineTaskId : o.jobTaskId;
            RecordMetadata sent = producer.send(new ProducerRecord<>(o.topic, key, report)).get();
            System.out.printf("sent %s %s for %s to %s-%d@%d%n", o.stage, reportId, o.jobTaskId, sent.topic(),
                    sent.partition(), sent.offset());
            System.out.println(reportId);
        }
    }

    /**
     * Prints the refused reports on {@code <topic>.DLT} with the reason the engine gave in spring-kafka's headers.
     * With --report-id, waits for that one and says whether it is there.
     */
    static boolean deadLetters(Options o) throws Exception {
        String topic = o.topic + Topics.DEAD_LETTER_SUFFIX;
        Map<String, Object> config = o.kafkaClient();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroDeserializer avro = new AvroDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + o.waitSeconds * 1000L;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> dead : consumer.poll(Duration.ofMillis(500))) {
                    SpecificRecord value = decodeOrNull(avro, topic, dead.value());
                    String reportId = value instanceof JobTaskStatusReported r ? r.getReportId() : null;
                    if (o.reportId != null && !o.reportId.equals(reportId)) {
                        continue;
                    }
                    System.out.printf("key=%s type=%s reportId=%s refusedBy=%s reason=%s%n", dead.key(),
                            value == null ? "undecodable (" + dead.value().length + " bytes)"
                                    : value.getSchema().getFullName(),
                            reportId, header(dead, "kafka_dlt-original-consumer-group"),
                            header(dead, "kafka_dlt-exception-message"));
                    System.out.printf("  from %s-%d@%d, exception %s%n", header(dead, "kafka_dlt-original-topic"),
                            number(dead, "kafka_dlt-original-partition"), number(dead, "kafka_dlt-original-offset"),
                            header(dead, "kafka_dlt-exception-fqcn"));
                    if (o.reportId != null) {
                        return true;
                    }
                }
            }
        }
        if (o.reportId != null) {
            System.out.printf("report %s is not on %s (it was applied, or is not processed yet)%n", o.reportId, topic);
            return false;
        }
        return true;
    }

    private static SpecificRecord decodeOrNull(AvroDeserializer avro, String topic, byte[] value) {
        try {
            return avro.deserialize(topic, value);
        } catch (RuntimeException notOneOfOurs) {
            return null; // garbage, or a schema version this jar does not know: the raw bytes are in the record
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** spring-kafka writes the original partition (4 bytes) and offset (8 bytes) as big-endian numbers. */
    private static Long number(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(header.value());
        return header.value().length == 4 ? (long) bytes.getInt() : bytes.getLong();
    }

    /** The job's environment, overridden by options. */
    static final class Options {
        String command;
        String bootstrap;
        String kafkaConfig = env("MFLOW_KAFKA_CONFIG", null);
        String topic = env("MFLOW_STATUS_TOPIC", Topics.JOB_TASK_STATUS_REPORTS);
        String jobTaskId = env("MFLOW_JOB_TASK_ID", null);
        String pipelineTaskId = env("MFLOW_PIPELINE_TASK_ID", null);
        String token = env("MFLOW_UPDATE_TOKEN", null);
        boolean plainToken;
        String stage = "SUCCEEDED";
        String message;
        String detail;
        Map<String, String> extension = new HashMap<>();
        Map<String, String> outputs = new HashMap<>();
        String reportId;
        int waitSeconds = 10;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> rest = new ArrayList<>(List.of(args));
            o.command = rest.isEmpty() ? "" : rest.remove(0);
            while (!rest.isEmpty()) {
                String option = rest.remove(0);
                if (option.equals("--plain-token")) {
                    o.plainToken = true;
                    continue;
                }
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = rest.remove(0);
                switch (option) {
                    case "--bootstrap" -> o.bootstrap = value;
                    case "--kafka-config" -> o.kafkaConfig = value;
                    case "--topic" -> o.topic = value;
                    case "--job-task-id" -> o.jobTaskId = value;
                    case "--pipeline-task-id" -> o.pipelineTaskId = value;
                    case "--token" -> o.token = value;
                    case "--stage" -> o.stage = value;
                    case "--message" -> o.message = value;
                    case "--detail" -> o.detail = value;
                    case "--extension" -> o.extension.put(value.split("=", 2)[0], value.split("=", 2)[1]);
                    case "--output" -> o.outputs.put(value.split("=", 2)[0], value.split("=", 2)[1]);
                    case "--report-id" -> o.reportId = value;
                    case "--wait" -> o.waitSeconds = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            return o;
        }

        /**
         * The client properties file's settings (security.protocol, sasl.mechanism, sasl.jaas.config), else the
         * login a job is handed (MFLOW_KAFKA_SECURITY_PROTOCOL, MFLOW_KAFKA_SASL_MECHANISM, MFLOW_KAFKA_SASL_USERNAME,
         * MFLOW_KAFKA_SASL_PASSWORD), and where the brokers are: --bootstrap, else the file's bootstrap.servers, else
         * MFLOW_KAFKA_BOOTSTRAP_SERVERS.
         */
        Map<String, Object> kafkaClient() throws java.io.IOException {
            Map<String, Object> config = new HashMap<>();
            String user = env("MFLOW_KAFKA_SASL_USERNAME", null);
            if (kafkaConfig == null && user != null) {
                String mechanism = env("MFLOW_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
                String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                        : "org.apache.kafka.common.security.plain.PlainLoginModule";
                config.put("security.protocol", env("MFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
                config.put("sasl.mechanism", mechanism);
                config.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\""
                        + env("MFLOW_KAFKA_SASL_PASSWORD", "") + "\";");
            }
            if (kafkaConfig != null) {
                java.util.Properties file = new java.util.Properties();
                try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(kafkaConfig))) {
                    file.load(reader);
                }
                file.stringPropertyNames().forEach(name -> config.put(name, file.getProperty(name)));
            }
            if (bootstrap != null) {
                config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            } else {
                config.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        env("MFLOW_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
            }
            return config;
        }

        String require(String what, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("no " + what + ": set its MFLOW_ variable or give its option");
            }
            return value;
        }

        private static String env(String name, String otherwise) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? otherwise : value;
        }
    }
}

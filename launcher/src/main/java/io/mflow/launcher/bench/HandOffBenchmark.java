package io.mflow.launcher.bench;

import io.mflow.launcher.Engine;
import io.mflow.launcher.EngineSettings;
import io.mflow.launcher.Service;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.StagePlan;
import io.mflow.schemas.serde.AvroDeserializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs N pipelines of three serial stages of no-op LOCAL jobs at once on the embedded engine and prints pipelines
 * per second and the stage hand-off latency: from the moment the SUCCEEDED report of a stage's job is on
 * {@code mflow.job-task-status-reports} to the moment the next stage's {@code RunJob} is on {@code mflow.job-commands},
 * both seen by one observer consuming the topics, beside the raw Kafka round trip measured in the same run.
 *
 * <p>Usage: {@code java -cp launcher/target/mflow-launcher.jar io.mflow.launcher.bench.HandOffBenchmark [pipelines]}
 */
public final class HandOffBenchmark {

    private final Map<String, List<String>> taskOrderByRun = new ConcurrentHashMap<>();
    private final Map<String, Long> succeededAt = new ConcurrentHashMap<>();
    private final Map<String, Long> dispatchedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    private final Map<String, Stage> finalStage = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int pipelines = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path home = Path.of(System.getProperty("mflow.home", ".")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("mflow-bench");
        try (Engine engine = Engine.start(EngineSettings.defaults(home).shifted(20_000, data))) {
            new HandOffBenchmark().run(engine, pipelines);
        }
    }

    private void run(Engine engine, int pipelines) throws Exception {
        Percentiles kafka = KafkaRoundTrip.measure(engine.kafkaBootstrap(), 200, 1000);
        Rest rest = new Rest(engine.baseUri(Service.TASK), engine.adminToken());
        String job = rest.id(rest.post("/api/v1/jobs", Map.of("name", "noop-" + UUID.randomUUID(),
                "runnerType", "LOCAL", "runnerSpec", "true")));
        List<Object> stages = new ArrayList<>();
        for (String stage : List.of("one", "two", "three")) {
            stages.add(Map.of("name", stage, "parallel", false, "tasks", List.of(Map.of("name", stage, "job", job))));
        }
        String pipeline = rest.id(rest.post("/api/v1/pipelines", Map.of("name", "bench", "stages", stages)));

        Thread observer = new Thread(() -> observe(engine.kafkaBootstrap()), "bench-observer");
        observer.setDaemon(true);
        observer.start();
        Thread.sleep(3000); // let the observer join its group before the first record

        // Fresh JVMs spend their first minute compiling; measured runs should see the engine as it runs for days.
        phase(rest, pipeline, 30, 30);
        Result oneAtATime = phase(rest, pipeline, 20, 1);
        Result concurrent = phase(rest, pipeline, pipelines, pipelines);

        System.out.printf("%nmflow benchmark: pipelines of 3 serial stages of one no-op LOCAL job each, after a warm-up"
                + " of 30 pipelines%n");
        System.out.printf("  one at a time   %s%n", oneAtATime);
        System.out.printf("  %3d at once     %s%n", pipelines, concurrent);
        System.out.printf("  Kafka round trip (produce acks=all -> consume, same broker)  %s%n", kafka);
    }

    /** Runs {@code count} pipelines, at most {@code inFlight} at a time, and measures them. */
    private Result phase(Rest rest, String pipeline, int count, int inFlight) throws Exception {
        long start = System.nanoTime();
        List<String> runs = new ArrayList<>();
        while (runs.size() < count) {
            List<String> wave = new ArrayList<>();
            for (int i = 0; i < inFlight && runs.size() + wave.size() < count; i++) {
                wave.add(rest.id(rest.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of())));
            }
            long deadline = System.currentTimeMillis() + 600_000;
            while (!finishedAt.keySet().containsAll(wave) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            runs.addAll(wave);
        }
        long end = runs.stream().mapToLong(id -> finishedAt.getOrDefault(id, System.nanoTime())).max().orElse(start);
        long succeeded = runs.stream().filter(id -> finalStage.get(id) == Stage.SUCCEEDED).count();
        List<Double> handOffs = new ArrayList<>();
        for (String run : runs) {
            List<String> order = taskOrderByRun.getOrDefault(run, List.of());
            for (int i = 0; i + 1 < order.size(); i++) {
                Long reported = succeededAt.get(order.get(i));
                Long dispatched = dispatchedAt.get(order.get(i + 1));
                if (reported != null && dispatched != null) {
                    handOffs.add((dispatched - reported) / 1e6);
                }
            }
        }
        return new Result(count, succeeded, (end - start) / 1e9, Percentiles.of(handOffs));
    }

    private record Result(int pipelines, long succeeded, double seconds, Percentiles handOff) {
        @Override
        public String toString() {
            return String.format("%d/%d SUCCEEDED in %.2f s = %.2f pipelines/s; stage hand-off %s", succeeded,
                    pipelines, seconds, pipelines / seconds, handOff);
        }
    }

    private void observe(String bootstrap) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-observer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new AvroDeserializer())) {
            consumer.subscribe(List.of(Topics.TASK_EVENTS, Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS));
            while (true) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(20))) {
                    note(record.value(), System.nanoTime());
                }
            }
        }
    }

    private void note(SpecificRecord value, long now) {
        if (value instanceof PipelineTaskCreated created) {
            List<String> order = new ArrayList<>();
            for (StagePlan stage : created.getStages()) {
                stage.getTasks().forEach(task -> order.add(task.getJobTaskId()));
            }
            taskOrderByRun.put(created.getPipelineTaskId(), order);
        } else if (value instanceof RunJob run) {
            dispatchedAt.putIfAbsent(run.getJobTaskId(), now);
        } else if (value instanceof JobTaskStatusReported report && report.getStage() == Stage.SUCCEEDED) {
            succeededAt.putIfAbsent(report.getJobTaskId(), now);
        } else if (value instanceof PipelineTaskStatusChanged changed && isTerminal(changed.getStage())) {
            finishedAt.putIfAbsent(changed.getPipelineTaskId(), now);
            finalStage.putIfAbsent(changed.getPipelineTaskId(), changed.getStage());
        }
    }

    private static boolean isTerminal(Stage stage) {
        return stage == Stage.SUCCEEDED || stage == Stage.FAILED || stage == Stage.CANCELED;
    }

    /** The REST calls of the benchmark, as the admin, JSON in and the created resource's id out. */
    private static final class Rest {

        private final URI base;
        private final String token;
        private final HttpClient http = HttpClient.newHttpClient();
        private final JsonMapper json = JsonMapper.builder().build();

        Rest(URI base, String token) {
            this.base = base;
            this.token = token;
        }

        String post(String path, Object body) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        String id(String body) {
            return json.readTree(body).get("id").asString();
        }
    }
}

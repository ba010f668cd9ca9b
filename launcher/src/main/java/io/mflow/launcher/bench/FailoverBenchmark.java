package io.mflow.launcher.bench;

import io.mflow.launcher.Engine;
import io.mflow.launcher.EngineSettings;
import io.mflow.launcher.Service;
import io.mflow.schemas.common.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Failover on the embedded engine with two instances of every service: while pipelines run without pause, each
 * service's second instance in turn is killed -9, and the benchmark prints how long the work it held waited.
 *
 * <p>"Work resumed" is read from the service's consumer groups: the seconds from the kill until every record on the
 * topics they consume, written up to one second after the kill, is processed and committed. Records on the partitions
 * of the survivor are processed within milliseconds, so the one second is the floor of the figure; those on the
 * partitions of the dead instance wait until the group gives them to the survivor, which is the failover. After each
 * measure the killed instance is started again (the next service's is measured with both of every other service).
 * At the end every run must have succeeded; the counts say so.
 *
 * <p>Usage: {@code java -cp launcher/target/mflow-launcher.jar io.mflow.launcher.bench.FailoverBenchmark
 * [--in-flight 6] [--services pipeline,task,notify,runner] [--brokers 3]}. It starts its own engine (ports shifted by
 * 21000, so it runs beside an engine of HandOffBenchmark's, data in a temporary directory). With {@code --brokers 3}
 * the broker is a cluster of three, and after the services a broker (node 2) is killed -9 too: work resumed is then
 * when every group of every service has processed what was written up to a second after the kill, which takes the
 * election of new leaders for the dead node's partitions and a new coordinator for the groups it coordinated.
 */
public final class FailoverBenchmark {

    /** How long after the kill the records it waits for may have been written: the floor of a figure. */
    private static final long WRITTEN_WITHIN_MILLIS = 1000;
    private static final long GIVE_UP_MILLIS = 180_000;
    private static final int STAGES = 5;
    private static final int KILLED_NODE = 2;

    private final Engine engine;
    private final Observer observer;
    private final Rest rest;
    private final String pipeline;
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private volatile boolean loading = true;

    private FailoverBenchmark(Engine engine) throws Exception {
        this.engine = engine;
        this.observer = new Observer(engine.kafkaClient("reader"));
        observer.start();
        this.rest = new Rest(engine.baseUri(Service.TASK), engine.adminToken());
        String job = rest.id(rest.post("/api/v1/jobs", Map.of("name", "failover-" + UUID.randomUUID(),
                "runnerType", "LOCAL", "runnerSpec", "true")));
        List<Object> stages = new ArrayList<>();
        for (int i = 1; i <= STAGES; i++) {
            stages.add(Map.of("name", "s" + i, "tasks", List.of(Map.of("name", "t" + i, "job", job))));
        }
        this.pipeline = rest.id(rest.post("/api/v1/pipelines", Map.of("name", "failover-" + UUID.randomUUID(),
                "stages", stages)));
    }

    public static void main(String[] args) throws Exception {
        int inFlight = 6;
        int brokers = 1;
        List<Service> services = List.of(Service.PIPELINE, Service.TASK, Service.NOTIFY, Service.RUNNER);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
                case "--brokers" -> brokers = Integer.parseInt(args[++i]);
                case "--services" -> services = java.util.Arrays.stream(args[++i].split(","))
                        .map(name -> Service.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT))).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--in-flight N, --services pipeline,task,notify,runner, --brokers 1|3)");
            }
        }
        Path home = Path.of(System.getProperty("mflow.home", ".")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("mflow-failover");
        EngineSettings settings = EngineSettings.defaults(home).shifted(21_000, data).withBrokers(brokers);
        for (Service service : Service.values()) {
            settings = settings.withReplicas(service, 2);
        }
        try (Engine engine = Engine.start(settings)) {
            new FailoverBenchmark(engine).run(inFlight, services);
        }
    }

    private void run(int inFlight, List<Service> services) throws Exception {
        Thread load = new Thread(() -> keepRunning(inFlight), "failover-load");
        load.setDaemon(true);
        load.start();
        Map<String, String> figures = new java.util.LinkedHashMap<>();
        try (Admin admin = Admin.create(new HashMap<>(engine.kafkaAdminClient()))) {
            for (Service service : services) {
                Thread.sleep(10_000); // steady load, and the groups settled after the last instance came back
                int port = engine.settings().port(service, 1);
                figures.put(service.module(), measure(admin, service, port));
                System.out.printf("[failover] %s: %s%n", service.module(), figures.get(service.module()));
                engine.startReplica(service, port);
            }
            if (engine.settings().brokers() > 1) {
                Thread.sleep(10_000);
                figures.put("a broker (node " + KILLED_NODE + ")", measureBroker(admin));
                System.out.printf("[failover] broker: %s%n", figures.get("a broker (node " + KILLED_NODE + ")"));
                engine.restartBroker(KILLED_NODE);
            }
        } finally {
            loading = false;
            load.join(GIVE_UP_MILLIS);
        }
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        while (!observer.finishedAt.keySet().containsAll(runs) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        Map<String, Long> ends = runs.stream().collect(Collectors.groupingBy(
                run -> stageOf(observer.finalStage.get(run)), TreeMap::new, Collectors.counting()));
        System.out.printf("%nmflow failover: two instances of every service, %d runs of %d serial no-op LOCAL jobs in"
                + " flight; the second instance of each service killed -9 in turn%n", inFlight, STAGES);
        figures.forEach((killed, figure) -> System.out.printf("  %-17s %s%n", killed, figure));
        System.out.printf("  runs: %d, ended %s%n", runs.size(), ends);
    }

    /** Kills the service's instance on {@code port} and waits until its groups processed what was pending. */
    private String measure(Admin admin, Service service, int port) throws Exception {
        List<String> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).filter(id -> id.startsWith(service.module()))
                // a runner instance's own group (every instance hears every task end) dies with it: nobody resumes it
                .filter(id -> !id.endsWith("-runner-" + port)).sorted().toList();
        long killed = System.nanoTime();
        engine.killReplica(service, port);
        return awaitResumed(admin, groups, killed);
    }

    /** Kills node {@link #KILLED_NODE} and waits until every service's groups processed what was pending. */
    private String measureBroker(Admin admin) throws Exception {
        List<String> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).filter(id -> id.contains("-service")).sorted().toList();
        long killed = System.nanoTime();
        engine.killBroker(KILLED_NODE);
        return awaitResumed(admin, groups, killed);
    }

    private String awaitResumed(Admin admin, List<String> groups, long killed) throws Exception {
        Thread.sleep(WRITTEN_WITHIN_MILLIS);
        Map<String, Map<TopicPartition, Long>> pending = new HashMap<>();
        for (String group : groups) {
            pending.put(group, endOffsets(admin, committed(admin, group).keySet()));
        }
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (caughtUp(admin, pending)) {
                return String.format("work resumed %.1f s after the kill (groups %s)",
                        (System.nanoTime() - killed) / 1e9, groups);
            }
            Thread.sleep(100);
        }
        return "work did not resume in " + GIVE_UP_MILLIS / 1000 + " s (groups " + groups + ")";
    }

    private static boolean caughtUp(Admin admin, Map<String, Map<TopicPartition, Long>> pending) throws Exception {
        for (Map.Entry<String, Map<TopicPartition, Long>> group : pending.entrySet()) {
            Map<TopicPartition, Long> committed = committed(admin, group.getKey());
            for (Map.Entry<TopicPartition, Long> end : group.getValue().entrySet()) {
                if (committed.getOrDefault(end.getKey(), -1L) < end.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, java.util.Set<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Starts runs so that {@code inFlight} run at any time, until told to stop. */
    private void keepRunning(int inFlight) {
        while (loading) {
            try {
                long running = runs.stream().filter(id -> !observer.finishedAt.containsKey(id)).count();
                if (running < inFlight) {
                    runs.add(rest.id(rest.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of())));
                } else {
                    observer.finished.tryAcquire(100, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // task-service's first instance answers the REST calls and stays up; say it and go on
                System.out.println("[failover] starting a run failed: " + e.getMessage());
            }
        }
    }

    /** The final stage of a run, as the observer saw it. */
    private static String stageOf(Stage stage) {
        return stage == null ? "not ended" : stage.name();
    }
}

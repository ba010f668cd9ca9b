package io.mflow.launcher.bench;

import io.mflow.launcher.Engine;
import io.mflow.launcher.EngineSettings;
import io.mflow.launcher.Service;
import io.mflow.schemas.common.Stage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs pipelines of three serial stages of no-op LOCAL jobs on the embedded engine and prints the stage hand-off:
 * from the SUCCEEDED report of a stage's job on {@code mflow.job-task-status-reports} to the next stage's
 * {@code RunJob} on {@code mflow.job-commands}, both seen by one observer consuming the topics, and split into its
 * parts by the records' timestamps and the relay's {@code mflow-stored-at} header.
 *
 * <p>Phases: the first pipelines of a freshly started engine (cold start); a warm-up of at least {@code --warmup}
 * pipelines that goes on until the JIT compilers of the engine's JVMs use under 5 % of a core; the store grown to
 * {@code --history} finished runs; then one pipeline at a time, and {@code pipelines} at once (kept in flight), and
 * that again while the retention sweeps remove 2000 runs put past their age;
 * finally {@code --active} runs held running at once, for the live heap each of them costs. Beside them it measures the
 * same broker's raw throughput ({@link KafkaThroughput}) and prints the job transitions per second at {@code pipelines}
 * at once as a share of it, which compares figures taken on different machines. With {@code --followers N},
 * N dashboard run pages follow the newest runs live all the while ({@link RunPageFollowers}).
 *
 * <p>Usage: {@code java -cp launcher/target/mflow-launcher.jar io.mflow.launcher.bench.HandOffBenchmark [pipelines]
 * [--warmup 400] [--history 10000] [--active 300] [--followers 20] [--replicas 2]}; with {@code --replicas N} each
 * service runs in N instances and its CPU is their sum
 */
public final class HandOffBenchmark {

    private static final double SETTLED_COMPILER_SHARE = 0.05;
    /** Enough for four sweeps of 500, the default batch: the sweeps work through the whole phase. */
    private static final int EXPIRED_RUNS = 2000;

    private final Engine engine;
    private final Observer observer;
    private final Rest rest;
    private final String pipeline;
    private final List<String> report = new ArrayList<>();
    private RunPageFollowers followers;

    private HandOffBenchmark(Engine engine) throws Exception {
        this.engine = engine;
        this.observer = new Observer(engine.kafkaClient("reader"));
        observer.start();
        this.rest = new Rest(engine.baseUri(Service.TASK), engine.adminToken());
        this.pipeline = definePipeline("bench", "true", 3);
    }

    public static void main(String[] args) throws Exception {
        int pipelines = 50;
        int warmup = 400;
        long history = 10_000;
        int active = 300;
        int followers = 0;
        int replicas = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--history" -> history = Long.parseLong(args[++i]);
                case "--active" -> active = Integer.parseInt(args[++i]);
                case "--followers" -> followers = Integer.parseInt(args[++i]);
                case "--replicas" -> replicas = Integer.parseInt(args[++i]);
                default -> pipelines = Integer.parseInt(args[i]);
            }
        }
        Path home = Path.of(System.getProperty("mflow.home", ".")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("mflow-bench");
        // retention runs as it would, but sweeps every 10 s (60 times its default) so that its cost shows; its count
        // limit is raised because the benchmark's history is 10,000 runs of one pipeline, and the 1000 kept by
        // default would soon leave the store far smaller than the history the figures are measured with
        EngineSettings settings = EngineSettings.defaults(home).shifted(20_000, data).withEnv(Map.of(
                "MFLOW_RETENTION_SWEEP_EVERY", "10s", "MFLOW_RETENTION_RUNS_MAX_COUNT", "1000000"));
        for (Service service : Service.values()) {
            settings = settings.withReplicas(service, replicas);
        }
        if (replicas > 1) {
            System.out.printf("%d instances of each service%n", replicas);
        }
        try (Engine engine = Engine.start(settings)) {
            HandOffBenchmark benchmark = new HandOffBenchmark(engine);
            if (followers > 0) {
                benchmark.followers = new RunPageFollowers(engine.baseUri(Service.TASK), engine.adminToken(),
                        followers);
            }
            benchmark.run(pipelines, warmup, history, active);
            if (benchmark.followers != null) {
                System.out.printf("  %d dashboard run pages following the newest runs: %s%n", followers,
                        benchmark.followers.summary());
                benchmark.followers.close();
            }
        }
    }

    private void run(int pipelines, int warmup, long history, int active) throws Exception {
        Result cold = phase(10, 1);
        int warmed = 0;
        while (warmed < warmup) {
            phase(100, 50);
            warmed += 100;
        }
        double compilers = compilerShare();
        for (int round = 0; warmup > 0 && round < 10 && compilers >= SETTLED_COMPILER_SHARE; round++) {
            phase(100, 50);
            warmed += 100;
            compilers = compilerShare();
        }
        String storeUri = engine.storeClientUri(); // the store wants the engine's user

        long grown;
        long seedMillis;
        try (History store = new History(storeUri)) {
            long start = System.currentTimeMillis();
            store.growTo(history);
            seedMillis = System.currentTimeMillis() - start;
            grown = store.runs();
        }
        Percentiles kafka = KafkaRoundTrip.measure(engine.kafkaAdminClient(), 200, 1000);
        int eventBytes = observer.typicalEventBytes();
        double kafkaRecords = KafkaThroughput.measure(engine.kafkaAdminClient(), eventBytes, 20_000, 200_000);
        Result oneAtATime = phase(100, 1);
        Result concurrent = phase(pipelines * 4, pipelines);
        int expired;
        try (History store = new History(storeUri)) {
            expired = store.addExpired(EXPIRED_RUNS, Duration.ofDays(45));
        }
        Result removing = phase(pipelines * 4, pipelines);
        long expiredLeft;
        try (History store = new History(storeUri)) {
            expiredLeft = store.expiredLeft();
        }
        Map<String, Long> counts;
        try (History store = new History(storeUri)) {
            counts = store.counts();
        }
        String heap = active > 0 ? heldRuns(active) : "not measured";

        System.out.printf("%nmflow benchmark: pipelines of 3 serial stages of one no-op LOCAL job each%n");
        System.out.printf("  fresh engine, first 10 pipelines one at a time  %s%n", cold);
        System.out.printf("  warm-up: %d pipelines; JIT compilers then at %.1f %% of a core%n", warmed, compilers * 100);
        System.out.printf("  store: %d finished runs (history made in %.1f s)%n", grown, seedMillis / 1000.0);
        System.out.printf("  one at a time    %s%n", oneAtATime);
        System.out.printf("  %3d at once      %s%n", pipelines, concurrent);
        System.out.printf("  %3d at once while retention removes %d runs past their age (%d removed meanwhile)  %s%n",
                pipelines, expired, expired - expiredLeft, removing);
        System.out.printf("  Kafka round trip (produce acks=all -> consume, same broker)  %s%n", kafka);
        System.out.printf("  Kafka throughput (one producer, acks=all -> one consumer, same broker, records of %d bytes,"
                + " a job transition's mean)  %.0f records/s; %d at once made %.0f job transitions/s = %.3f %% of it%n",
                eventBytes, kafkaRecords, pipelines, concurrent.transitionsPerSecond(),
                100 * concurrent.transitionsPerSecond() / kafkaRecords);
        System.out.printf("  store documents after the run: %s%n", counts);
        System.out.printf("  %s%n", heap);
    }

    /** Runs {@code count} pipelines, keeping {@code inFlight} running, and measures them. */
    private Result phase(int count, int inFlight) throws Exception {
        Map<String, Long> cpuBefore = cpuMillis();
        long transitionsBefore = observer.jobTransitions.get();
        observer.finished.drainPermits();
        long start = System.nanoTime();
        List<String> runs = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline) {
            long running = runs.stream().filter(id -> !observer.finishedAt.containsKey(id)).count();
            if (runs.size() < count && running < inFlight) {
                String run = rest.id(rest.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of()));
                runs.add(run);
                if (followers != null) {
                    followers.started(run);
                }
            } else if (runs.size() == count && running == 0) {
                break;
            } else {
                observer.finished.tryAcquire(100, TimeUnit.MILLISECONDS); // a run ended, or look again anyway
            }
        }
        long end = runs.stream().mapToLong(id -> observer.finishedAt.getOrDefault(id, System.nanoTime())).max()
                .orElse(start);
        long succeeded = runs.stream().filter(id -> observer.finalStage.get(id) == Stage.SUCCEEDED).count();
        Split split = new Split();
        for (String run : runs) {
            List<String> order = observer.taskOrderByRun.getOrDefault(run, List.of());
            for (int i = 0; i + 1 < order.size(); i++) {
                split.add(observer.task(order.get(i)), observer.task(order.get(i + 1)));
            }
        }
        Map<String, Long> cpu = cpuMillis();
        cpu.replaceAll((name, millis) -> millis - cpuBefore.get(name));
        long transitions = observer.jobTransitions.get() - transitionsBefore;
        return new Result(count, succeeded, (end - start) / 1e9, transitions, split, cpu);
    }

    /**
     * CPU used so far by each JVM of the engine and by the whole machine. This JVM holds the store (its threads are
     * counted apart; its garbage collection and compilation are not) and the benchmark's own client and observer;
     * what the machine used beyond the JVMs is mostly the jobs' processes.
     */
    private Map<String, Long> cpuMillis() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            long millis = 0;
            for (int index = 0; index < engine.settings().replicas(service); index++) {
                millis += JvmProbe.cpuMillis(engine.pid(service, index).orElse(-1));
            }
            cpu.put(service.module().replace("-service", ""), millis);
        }
        cpu.put("broker", JvmProbe.cpuMillis(engine.brokerPid().orElse(-1)));
        long launcher = ProcessHandle.current().pid();
        long store = JvmProbe.threadMillis(launcher,
                name -> name.startsWith("mongo-server") || name.startsWith("mflow-store"));
        cpu.put("store", store);
        cpu.put("launcher's other threads (benchmark, GC, JIT)", JvmProbe.cpuMillis(launcher) - store);
        cpu.put("machine", JvmProbe.machineBusyMillis());
        return cpu;
    }

    /** The JIT compilers' CPU across the engine's JVMs (the services and this one, which holds the store). */
    private double compilerShare() throws InterruptedException {
        List<Long> pids = pids();
        long before = pids.stream().mapToLong(JvmProbe::compilerMillis).sum();
        long start = System.nanoTime();
        Thread.sleep(3000);
        long used = pids.stream().mapToLong(JvmProbe::compilerMillis).sum() - before;
        return used / ((System.nanoTime() - start) / 1e6);
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        for (Service service : Service.values()) {
            for (int index = 0; index < engine.settings().replicas(service); index++) {
                engine.pid(service, index).ifPresent(pids::add);
            }
        }
        return pids;
    }

    /**
     * Holds {@code count} runs whose one job sleeps, measures each JVM's live heap before and while they run, and
     * cancels them. This JVM's share is the store's, plus the benchmark's own notes of each run.
     */
    private String heldRuns(int count) throws Exception {
        String holding = definePipeline("hold", "sleep 3600", 1);
        Map<String, Long> before = liveHeaps();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(rest.id(rest.post("/api/v1/pipelines/" + holding + "/runs", Map.of())));
        }
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline && !runs.stream().allMatch(run ->
                observer.taskOrderByRun.getOrDefault(run, List.of()).stream().anyMatch(observer.activeTasks::contains))) {
            Thread.sleep(100);
        }
        Map<String, Long> during = liveHeaps();
        for (String run : runs) {
            rest.post("/api/v1/pipeline-tasks/" + run + "/cancel", Map.of());
        }
        while (System.currentTimeMillis() < deadline && !observer.finishedAt.keySet().containsAll(runs)) {
            Thread.sleep(100);
        }
        StringBuilder line = new StringBuilder(String.format("live heap per active run (%d runs held): ", count));
        double services = 0;
        for (String name : before.keySet()) {
            double perRun = (during.get(name) - before.get(name)) / 1024.0 / count;
            if (!name.equals("launcher")) {
                services += perRun;
            }
            line.append(String.format("%s %.1f KB, ", name, perRun));
        }
        return line.append(String.format("services together %.1f KB", services)).toString();
    }

    private Map<String, Long> liveHeaps() throws Exception {
        Map<String, Long> heaps = new LinkedHashMap<>();
        Map<Service, Long> byService = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            long bytes = 0;
            for (int index = 0; index < engine.settings().replicas(service); index++) {
                bytes += JvmProbe.liveHeapBytes(engine.pid(service, index).orElseThrow());
            }
            byService.put(service, bytes);
        }
        byService.forEach((service, bytes) -> heaps.put(service.module(), bytes));
        heaps.put("launcher", JvmProbe.liveHeapBytes(ManagementFactory.getRuntimeMXBean().getPid()));
        return heaps;
    }

    private String definePipeline(String name, String script, int stageCount) throws Exception {
        String job = rest.id(rest.post("/api/v1/jobs", Map.of("name", name + "-" + UUID.randomUUID(),
                "runnerType", "LOCAL", "runnerSpec", script)));
        List<Object> stages = new ArrayList<>();
        for (int i = 1; i <= stageCount; i++) {
            stages.add(Map.of("name", "s" + i, "parallel", false, "tasks", List.of(Map.of("name", "t" + i, "job", job))));
        }
        return rest.id(rest.post("/api/v1/pipelines", Map.of("name", name + "-" + UUID.randomUUID(), "stages", stages)));
    }

    /** A hand-off split into the parts of its way; each part from the timestamps of the records around it. */
    private static final class Split {
        final List<Double> total = new ArrayList<>();
        final List<Double> toTaskService = new ArrayList<>();
        final List<Double> taskRelay = new ArrayList<>();
        final List<Double> toPipelineService = new ArrayList<>();
        final List<Double> pipelineRelay = new ArrayList<>();

        void add(Observer.TaskTimes ended, Observer.TaskTimes next) {
            if (ended.reportSeen < 0 || next.runJobSeen < 0) {
                return;
            }
            total.add((next.runJobSeen - ended.reportSeen) / 1e6);
            if (ended.eventStored > 0 && next.runJobStored > 0) {
                toTaskService.add((ended.eventStored - ended.reportOnKafka) / 1e3);
                taskRelay.add((ended.eventOnKafka - ended.eventStored) / 1e3);
                toPipelineService.add((next.runJobStored - ended.eventOnKafka) / 1e3);
                pipelineRelay.add((next.runJobOnKafka - next.runJobStored) / 1e3);
            }
        }

        @Override
        public String toString() {
            return String.format("stage hand-off %s%n      report on Kafka -> consumed and stored by task-service  %s"
                            + "%n      -> task event on Kafka                                 %s"
                            + "%n      -> consumed and stored by pipeline-service             %s"
                            + "%n      -> RunJob on Kafka                                     %s",
                    Percentiles.of(total), short50and99(toTaskService), short50and99(taskRelay),
                    short50and99(toPipelineService), short50and99(pipelineRelay));
        }

        private static String short50and99(List<Double> samples) {
            Percentiles p = Percentiles.of(samples);
            return String.format("p50 %.1f ms  p99 %.1f ms", p.p50(), p.p99());
        }
    }

    private record Result(int pipelines, long succeeded, double seconds, long transitions, Split split,
                          Map<String, Long> cpu) {

        double transitionsPerSecond() {
            return transitions / seconds;
        }

        @Override
        public String toString() {
            long machine = cpu.get("machine");
            long jvms = cpu.entrySet().stream().filter(e -> !e.getKey().equals("machine"))
                    .mapToLong(Map.Entry::getValue).sum();
            StringBuilder perPipeline = new StringBuilder();
            cpu.forEach((name, millis) -> {
                if (!name.equals("machine")) {
                    perPipeline.append(String.format("%s %.1f, ", name, (double) millis / pipelines));
                }
            });
            perPipeline.append(String.format("jobs and the rest %.1f", (double) (machine - jvms) / pipelines));
            int cores = Runtime.getRuntime().availableProcessors();
            return String.format("%d/%d SUCCEEDED in %.2f s = %.2f pipelines/s, %.0f job transitions/s; %s%n"
                    + "      CPU per pipeline (ms): %s; machine busy %.0f %% of %d cores", succeeded, pipelines, seconds,
                    pipelines / seconds, transitionsPerSecond(), split, perPipeline,
                    100.0 * machine / (seconds * 1000 * cores), cores);
        }
    }

    /** The REST calls of the benchmark, as the admin, JSON in and the created resource's id out. */
}

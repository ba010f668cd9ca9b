package io.mflow.launcher.chaos;

import io.mflow.launcher.Engine;
import io.mflow.launcher.EngineSettings;
import io.mflow.launcher.Service;
import io.mflow.launcher.bench.Rest;
import io.mflow.launcher.chaos.ChaosPlan.Fault;
import io.mflow.launcher.chaos.ChaosPlan.PipelineShape;
import io.mflow.launcher.chaos.ChaosPlan.StageShape;
import io.mflow.launcher.chaos.ChaosPlan.TaskShape;
import io.mflow.launcher.chaos.ChaosPlan.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Seeded random faults over random pipelines, on the embedded engine:
 * {@code java -cp launcher/target/mflow-launcher.jar io.mflow.launcher.chaos.ChaosRun --seeds 50 [--from 1]
 * [--brokers 3] [--replicas pipeline=2,task=2,runner=2,notify=2]}.
 * Each seed starts a few pipelines of no-op LOCAL jobs together and strikes while they run: a service killed and
 * started again, a further replica killed (runner-service's with or without its machine's jobs) and started again, a
 * broker of the cluster killed and started again, or the whole engine crashed, with or without its jobs, and started
 * again on the same data. A seed
 * passes when every run ends as its pipeline says (FAILED when a task that does not ignore failures fails, else
 * SUCCEEDED) and no job did its work twice: each job appends its run, name and job task to a ledger once its work
 * is done. The one allowed exception is a job whose machine died after its work but before its end was reported: it
 * is known only as "execution lost" and runs once more by policy; the job task's attempts must say so.
 * Prints one line per seed and how many passed; exits 1 if any failed.
 */
public final class ChaosRun {

    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED");
    private static final String SCRIPT = "sleep \"$SLEEP\"; echo \"$PIPELINE_TASK_ID $TASK_NAME $JOB_TASK_ID\" >> \"$LEDGER\"; "
            + "exit \"$EXIT\"";

    private final EngineSettings settings;
    private final Path ledger;
    private Engine engine;
    private Rest rest;
    private String job;
    /** Jobs whose work was done twice because the first attempt's end was lost with its machine (allowed). */
    private int lostAndRun;

    private ChaosRun(EngineSettings settings, Path ledger) {
        this.settings = settings;
        this.ledger = ledger;
    }

    public static void main(String[] args) throws Exception {
        int seeds = 50;
        long from = 1;
        List<String> engineOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--from" -> from = Long.parseLong(args[++i]);
                default -> engineOptions.add(args[i]);
            }
        }
        Path home = Path.of(System.getProperty("mflow.home", ".")).toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory("mflow-chaos");
        // LOCAL jobs run as users of their own: they must be able to write the ledger
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        EngineSettings settings = EngineSettings.defaults(home).shifted(4_000, dir.resolve("data"))
                .withOptions(engineOptions.toArray(String[]::new), Map.of());
        Map<Service, Integer> replicas = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            replicas.put(service, settings.replicas(service));
        }
        Topology topology = new Topology(settings.brokers(), replicas);
        ChaosRun chaos = new ChaosRun(settings, dir.resolve("ledger"));
        System.out.printf("chaos: %d seeds from %d on %d broker(s), instances %s%n", seeds, from, settings.brokers(),
                replicas);
        int passed = 0;
        try {
            chaos.startEngine();
            for (long seed = from; seed < from + seeds; seed++) {
                ChaosPlan plan = ChaosPlan.of(seed, topology);
                long began = System.nanoTime();
                List<String> problems;
                try {
                    problems = chaos.run(plan);
                } catch (Exception e) {
                    problems = List.of("the seed could not be carried out: " + e);
                }
                passed += problems.isEmpty() ? 1 : 0;
                System.out.printf("seed %d: %s  (%d runs, %d s; %s)%n", seed,
                        problems.isEmpty() ? "PASS" : "FAIL " + problems, plan.pipelines().size(),
                        (System.nanoTime() - began) / 1_000_000_000, plan.faults());
            }
        } finally {
            if (chaos.engine != null) {
                chaos.engine.close();
            }
        }
        System.out.printf("%nchaos: %d of %d seeds passed (%d jobs ran again after their first attempt was lost with its"
                + " machine after its work, as allowed)%n", passed, seeds, chaos.lostAndRun);
        System.exit(passed == seeds ? 0 : 1);
    }

    private void startEngine() throws Exception {
        engine = Engine.start(settings);
        rest = new Rest(engine.baseUri(Service.TASK), engine.adminToken());
        if (!Files.exists(ledger)) {
            Files.writeString(ledger, "");
            Files.setPosixFilePermissions(ledger, PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        if (job == null) {
            job = rest.id(rest.post("/api/v1/jobs", Map.of("name", "chaos-" + UUID.randomUUID(),
                    "runnerType", "LOCAL", "runnerSpec", SCRIPT, "params", List.of(
                            Map.of("name", "SLEEP", "value", "1"), Map.of("name", "EXIT", "value", "0"),
                            Map.of("name", "LEDGER", "value", ledger.toString())))));
        }
    }

    /** Carries out one seed; what went wrong, or nothing. */
    private List<String> run(ChaosPlan plan) throws Exception {
        Map<String, PipelineShape> runs = new LinkedHashMap<>();
        for (PipelineShape shape : plan.pipelines()) {
            String pipeline = rest.id(rest.post("/api/v1/pipelines", definition(plan.seed(), shape)));
            runs.put(rest.id(rest.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of())), shape);
        }
        long start = System.currentTimeMillis();
        for (Fault fault : plan.faults()) {
            Thread.sleep(Math.max(0, start + fault.at().toMillis() - System.currentTimeMillis()));
            strike(fault);
        }
        List<String> problems = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 300_000;
        for (Map.Entry<String, PipelineShape> run : runs.entrySet()) {
            String stage = awaitFinal(run.getKey(), deadline);
            if (!stage.equals(run.getValue().expectedStage())) {
                problems.add(run.getKey() + " ended " + stage + ", expected " + run.getValue().expectedStage());
            }
        }
        Map<String, Integer> done = new HashMap<>();
        Map<String, String> jobTasks = new HashMap<>();
        for (String line : Files.readAllLines(ledger)) {
            String[] words = line.split(" ");
            if (words.length == 3) {
                done.merge(words[0] + " " + words[1], 1, Integer::sum);
                jobTasks.put(words[0] + " " + words[1], words[2]);
            }
        }
        for (Map.Entry<String, PipelineShape> run : runs.entrySet()) {
            boolean succeeded = run.getValue().expectedStage().equals("SUCCEEDED");
            for (StageShape stage : run.getValue().stages()) {
                for (TaskShape task : stage.tasks()) {
                    String key = run.getKey() + " " + task.name();
                    int times = done.getOrDefault(key, 0);
                    if (times == 2 && lostAndRetried(jobTasks.get(key))) {
                        lostAndRun++;
                    } else if (times > 1 || (succeeded && times != 1)) {
                        problems.add(run.getKey() + "'s " + task.name() + " did its work " + times + " times");
                    }
                }
            }
        }
        return problems;
    }

    private Map<String, Object> definition(long seed, PipelineShape shape) {
        List<Map<String, Object>> stages = new ArrayList<>();
        for (int s = 0; s < shape.stages().size(); s++) {
            StageShape stage = shape.stages().get(s);
            List<Map<String, Object>> tasks = stage.tasks().stream().map(task -> Map.<String, Object>of(
                    "name", task.name(), "job", job, "ignoreFailed", task.ignoreFailed(), "params", List.of(
                            Map.of("name", "SLEEP", "value", String.valueOf(task.seconds())),
                            Map.of("name", "EXIT", "value", task.fails() ? "1" : "0")))).toList();
            stages.add(Map.of("name", "stage-" + s, "parallel", stage.parallel(), "tasks", tasks));
        }
        return Map.of("name", "chaos-" + seed + "-" + UUID.randomUUID(), "stages", stages);
    }

    private void strike(Fault fault) throws Exception {
        if (fault instanceof Fault.KillService kill) {
            engine.kill(kill.service());
            Thread.sleep(kill.downFor().toMillis());
            engine.restart(kill.service());
        } else if (fault instanceof Fault.KillReplica kill) {
            int port = settings.port(kill.service(), kill.index());
            if (kill.withJobs()) {
                engine.killRunnerReplicaWithJobs(kill.index());
            } else {
                engine.killReplica(kill.service(), port);
            }
            Thread.sleep(kill.downFor().toMillis());
            engine.startReplica(kill.service(), port);
        } else if (fault instanceof Fault.KillBroker kill) {
            engine.killBroker(kill.node());
            Thread.sleep(kill.downFor().toMillis());
            engine.restartBroker(kill.node());
        } else if (fault instanceof Fault.CrashEngine crash) {
            if (crash.withJobs()) {
                engine.crashWithJobs();
            } else {
                engine.crash();
            }
            startEngine();
        }
    }

    /**
     * Whether a job task's work done twice is the one case mflow allows: its first attempt's machine died after the
     * work but before its end was reported, so it is known only as "execution lost", and its retry policy ran it
     * again once (docs/runners.md#replicas).
     */
    private boolean lostAndRetried(String jobTask) throws Exception {
        JsonNode task = rest.get("/api/v1/job-tasks/" + jobTask);
        JsonNode first = task.path("attempts").path(0);
        return task.path("attempt").asInt() == 2 && first.path("message").asString().equals("execution lost")
                && first.path("retriedBy").asString().equals("mflow");
    }

    private String awaitFinal(String run, long deadline) throws Exception {
        while (true) {
            String stage;
            try {
                JsonNode task = rest.get("/api/v1/pipeline-tasks/" + run);
                stage = task.path("stage").asString();
            } catch (Exception away) {
                stage = "unreadable (" + away.getMessage() + ")";
            }
            if (FINAL.contains(stage) || System.currentTimeMillis() > deadline) {
                return FINAL.contains(stage) ? stage : "not ended in 5 minutes (" + stage + ")";
            }
            Thread.sleep(500);
        }
    }
}

package io.mflow.launcher.chaos;

import io.mflow.launcher.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What one seed of the chaos run does: random pipelines started together, and faults at random moments while they
 * run. The same seed on the same engine always makes the same plan, so a failing seed can be run again as it was.
 * Faults strike only what the engine has: a replica where a service runs in several, a broker of a cluster.
 *
 * @param pipelines the pipelines, each run once
 * @param faults    in the order they strike
 */
public record ChaosPlan(long seed, List<PipelineShape> pipelines, List<Fault> faults) {

    /** A plan for the embedded engine of one broker and one instance of each service. */
    public static ChaosPlan of(long seed) {
        return of(seed, Topology.SINGLE);
    }

    public static ChaosPlan of(long seed, Topology topology) {
        Random random = new Random(seed);
        List<PipelineShape> pipelines = new ArrayList<>();
        int count = 3 + random.nextInt(4);
        for (int p = 0; p < count; p++) {
            List<StageShape> stages = new ArrayList<>();
            int stageCount = 1 + random.nextInt(3);
            for (int s = 0; s < stageCount; s++) {
                List<TaskShape> tasks = new ArrayList<>();
                int taskCount = 1 + random.nextInt(3);
                for (int t = 0; t < taskCount; t++) {
                    boolean fails = random.nextInt(8) == 0;
                    tasks.add(new TaskShape("s" + s + "t" + t, 0.5 + random.nextInt(30) / 10.0, fails,
                            fails && random.nextBoolean()));
                }
                stages.add(new StageShape(random.nextBoolean(), tasks));
            }
            pipelines.add(new PipelineShape(stages));
        }
        List<Fault> faults = new ArrayList<>();
        int faultCount = 1 + random.nextInt(2);
        long at = 0;
        for (int f = 0; f < faultCount; f++) {
            at += 1_000 + random.nextInt(4_000);
            Duration downFor = Duration.ofMillis(random.nextInt(5_000));
            int kind = random.nextInt(6);
            List<Service> replicated = topology.replicated();
            if (kind == 1 && topology.brokers() > 1) {
                faults.add(new Fault.KillBroker(Duration.ofMillis(at), 1 + random.nextInt(topology.brokers()),
                        downFor));
            } else if (kind == 2 && !replicated.isEmpty()) {
                Service service = replicated.get(random.nextInt(replicated.size()));
                faults.add(new Fault.KillReplica(Duration.ofMillis(at), service,
                        1 + random.nextInt(topology.replicas(service) - 1), downFor,
                        service == Service.RUNNER && random.nextBoolean()));
            } else if (kind == 0) {
                faults.add(new Fault.CrashEngine(Duration.ofMillis(at), random.nextBoolean()));
            } else {
                faults.add(new Fault.KillService(Duration.ofMillis(at),
                        Service.values()[random.nextInt(Service.values().length)], downFor));
            }
        }
        return new ChaosPlan(seed, List.copyOf(pipelines), List.copyOf(faults));
    }

    public record PipelineShape(List<StageShape> stages) {

        /** How its run must end: a failing task that does not ignore failures fails it, whatever the faults. */
        public String expectedStage() {
            for (StageShape stage : stages) {
                if (stage.tasks().stream().anyMatch(task -> task.fails() && !task.ignoreFailed())) {
                    return "FAILED";
                }
            }
            return "SUCCEEDED";
        }
    }

    /**
     * What the engine runs: {@code brokers} nodes and {@code replicas} instances of each service named (one of any
     * other).
     */
    public record Topology(int brokers, Map<Service, Integer> replicas) {

        public static final Topology SINGLE = new Topology(1, Map.of());

        public Topology {
            replicas = Map.copyOf(replicas);
        }

        public int replicas(Service service) {
            return replicas.getOrDefault(service, 1);
        }

        /** The services with more than one instance, in a fixed order. */
        List<Service> replicated() {
            return Arrays.stream(Service.values()).filter(service -> replicas(service) > 1).toList();
        }
    }

    public record StageShape(boolean parallel, List<TaskShape> tasks) {
    }

    /** A no-op job that sleeps for {@code seconds}, notes that it did its work, and exits 1 if it {@code fails}. */
    public record TaskShape(String name, double seconds, boolean fails, boolean ignoreFailed) {
    }

    /** Something that goes wrong {@code at} a moment after the runs were started. */
    public sealed interface Fault {

        Duration at();

        /** One service killed (SIGKILL) and started again after {@code downFor}. */
        record KillService(Duration at, Service service, Duration downFor) implements Fault {
        }

        /**
         * A further instance ({@code index} 1 or more) of a service killed (SIGKILL) and started again after
         * {@code downFor}; a runner-service instance's machine may go down {@code withJobs}, killing the jobs it
         * started.
         */
        record KillReplica(Duration at, Service service, int index, Duration downFor, boolean withJobs)
                implements Fault {
        }

        /** Node {@code node} of the broker cluster killed (SIGKILL), started again on its log after {@code downFor}. */
        record KillBroker(Duration at, int node, Duration downFor) implements Fault {
        }

        /** Every process of the engine killed at once, with the jobs' processes too if {@code withJobs}. */
        record CrashEngine(Duration at, boolean withJobs) implements Fault {
        }
    }
}

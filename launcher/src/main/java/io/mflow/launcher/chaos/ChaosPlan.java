package io.mflow.launcher.chaos;

import io.mflow.launcher.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What one seed of the chaos run does: random pipelines started together, and faults at random moments while they
 * run. The same seed always makes the same plan, so a failing seed can be run again as it was.
 *
 * @param pipelines the pipelines, each run once
 * @param faults    in the order they strike
 */
public record ChaosPlan(long seed, List<PipelineShape> pipelines, List<Fault> faults) {

    public static ChaosPlan of(long seed) {
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
            faults.add(switch (random.nextInt(6)) {
                case 0 -> new Fault.CrashEngine(Duration.ofMillis(at), random.nextBoolean());
                default -> new Fault.KillService(Duration.ofMillis(at),
                        Service.values()[random.nextInt(Service.values().length)],
                        Duration.ofMillis(random.nextInt(5_000)));
            });
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

        /** Every process of the engine killed at once, with the jobs' processes too if {@code withJobs}. */
        record CrashEngine(Duration at, boolean withJobs) implements Fault {
        }
    }
}

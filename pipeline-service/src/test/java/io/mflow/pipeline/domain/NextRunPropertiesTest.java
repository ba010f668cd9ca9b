package io.mflow.pipeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random pipelines driven through random interleavings of what runners report, people decide (audits,
 * confirmations, skips, retries, cancels) and duplicated deliveries, with a small model of task-service and the runner
 * around the run: no attempt starts twice, nothing starts in a run that ended, and a run whose tasks all became
 * final ends.
 */
class NextRunPropertiesTest {

    @Property(tries = 300)
    void noAttemptStartsTwiceNothingStartsInAnEndedRunAndEveryRunEnds(@ForAll long seed) {
        World world = new World(new Random(seed));
        for (int step = 0; step < 200 && world.act(true); step++) {
            // random steps, mischief included
        }
        for (int step = 0; step < 500 && world.act(false); step++) {
            // then only what moves a run to its end: jobs succeed, people approve
        }
        assertThat(world.run.isConcluded()).as("seed %d: every task is final, so the run ended: %s", seed, world.run)
                .isTrue();
    }

    /** The run, and around it what task-service and the runners would do. */
    private static final class World {

        private final Random random;
        private PipelineRun run;
        private final Map<String, Truth> tasks = new LinkedHashMap<>();
        private final Set<String> started = new HashSet<>();
        private final List<RunFact> delivered = new ArrayList<>();
        private final java.util.ArrayDeque<RunFact> inFlight = new java.util.ArrayDeque<>();
        private boolean delivering;
        private int events;

        /** What task-service holds of a job task, and what its runner does with the attempt it was sent. */
        private static final class Truth {
            TaskPlan plan;
            TaskStatus stage = TaskStatus.PENDING;
            int attempt = 1;
            String runningAttempt;
            GateStatus audit = GateStatus.PENDING;
            GateStatus confirm = GateStatus.PENDING;
            boolean turnCame;
        }

        World(Random random) {
            this.random = random;
            List<StagePlan> stages = new ArrayList<>();
            int stageCount = 1 + random.nextInt(3);
            for (int s = 0; s < stageCount; s++) {
                List<TaskPlan> plans = new ArrayList<>();
                int taskCount = 1 + random.nextInt(3);
                for (int t = 0; t < taskCount; t++) {
                    String id = "s" + s + "t" + t;
                    TaskPlan plan = new TaskPlan(id, id, "job", "LOCAL", "true", random.nextInt(4) == 0,
                            random.nextInt(6) == 0, RunParamSet.of(), "enc:v1:token", random.nextInt(3) == 0,
                            random.nextInt(3) == 0);
                    plans.add(plan);
                    Truth truth = new Truth();
                    truth.plan = plan;
                    truth.stage = plan.skip() ? TaskStatus.SKIPPED : TaskStatus.PENDING;
                    tasks.put(id, truth);
                }
                stages.add(new StagePlan("stage" + s, random.nextBoolean(), plans));
            }
            RunFact.Planned planned = new RunFact.Planned("created", "pt-1", "demo", false, Map.of(), stages);
            run = PipelineRun.planned(planned);
            decideAndCarryOut();
        }

        /** One step; false when nothing is left to do. */
        boolean act(boolean mischief) {
            List<Runnable> possible = new ArrayList<>();
            for (Truth task : tasks.values()) {
                if (task.runningAttempt != null && !task.stage.isTerminal()) {
                    possible.add(() -> runnerReports(task, mischief && random.nextInt(3) == 0));
                }
                if (task.plan.audited() && task.turnCame && task.audit == GateStatus.WAITING) {
                    possible.add(() -> decideAudit(task, !mischief || random.nextInt(4) > 0));
                }
                if (task.plan.confirmed() && task.confirm == GateStatus.WAITING) {
                    possible.add(() -> decideConfirm(task, !mischief || random.nextInt(4) > 0));
                }
                if (mischief && (task.stage == TaskStatus.FAILED || task.stage == TaskStatus.PENDING)
                        && task.runningAttempt == null) {
                    possible.add(() -> change(task, TaskStatus.SKIPPED, "skipped by alice: why not"));
                }
                if (mischief && !task.stage.isTerminal() && task.stage != TaskStatus.CANCELING
                        && random.nextInt(4) == 0) {
                    possible.add(() -> change(task, TaskStatus.CANCELING, "canceled by alice"));
                }
                if (mischief && task.stage == TaskStatus.FAILED && failedTheRunAlone(task)) {
                    possible.add(() -> retry(task));
                }
            }
            if (mischief && !delivered.isEmpty()) {
                possible.add(() -> deliver(delivered.get(random.nextInt(delivered.size()))));
            }
            if (possible.isEmpty()) {
                return false;
            }
            possible.get(random.nextInt(possible.size())).run();
            return true;
        }

        private void runnerReports(Truth task, boolean fail) {
            if (task.stage == TaskStatus.PENDING) {
                change(task, TaskStatus.ACTIVE, null);
            } else if (task.stage == TaskStatus.CANCELING) {
                task.runningAttempt = null;
                change(task, TaskStatus.CANCELED, "killed");
            } else {
                task.runningAttempt = null;
                change(task, fail ? TaskStatus.FAILED : TaskStatus.SUCCEEDED, fail ? "exit 1" : null);
            }
        }

        private void decideAudit(Truth task, boolean pass) {
            task.audit = pass ? GateStatus.PASS : GateStatus.DENY;
            gate(task, GateKind.AUDIT, task.audit, pass ? null : "denied by bob: no");
            if (!pass) {
                change(task, TaskStatus.FAILED, "audit denied by bob: no");
            }
        }

        private void decideConfirm(Truth task, boolean pass) {
            task.confirm = pass ? GateStatus.PASS : GateStatus.DENY;
            gate(task, GateKind.CONFIRM, task.confirm, pass ? null : "denied by carol: no");
        }

        /** task-service's rule: a task of a run that failed because of it alone. */
        private boolean failedTheRunAlone(Truth task) {
            if (run.conclusion() == null || run.conclusion().status() != TaskStatus.FAILED || task.plan.ignoreFailed()) {
                return false;
            }
            return tasks.values().stream().filter(other -> other != task).noneMatch(other ->
                    (other.stage == TaskStatus.FAILED && !other.plan.ignoreFailed())
                            || other.stage == TaskStatus.CANCELED || other.stage == TaskStatus.CANCELING
                            || other.confirm == GateStatus.DENY);
        }

        private void retry(Truth task) {
            task.attempt++;
            task.stage = TaskStatus.PENDING;
            task.confirm = GateStatus.PENDING;
            deliver(new RunFact.JobTaskRetried("e" + ++events, "pt-1", task.plan.jobTaskId(), task.attempt,
                    RunParamSet.of(), "alice", "again", null));
            deliver(new RunFact.JobTaskChanged("e" + ++events, "pt-1", task.plan.jobTaskId(), TaskStatus.PENDING,
                    "retry by alice", Map.of(), task.attempt));
        }

        private void change(Truth task, TaskStatus stage, String message) {
            task.stage = stage;
            deliver(new RunFact.JobTaskChanged("e" + ++events, "pt-1", task.plan.jobTaskId(), stage, message, Map.of(),
                    task.attempt));
            boolean ended = stage == TaskStatus.SUCCEEDED || stage == TaskStatus.FAILED && task.plan.ignoreFailed();
            if (ended && task.plan.confirmed()) {
                task.confirm = GateStatus.WAITING;
                gate(task, GateKind.CONFIRM, GateStatus.WAITING, null);
            }
        }

        private void gate(Truth task, GateKind kind, GateStatus stage, String why) {
            deliver(new RunFact.GateChanged("e" + ++events, "pt-1", task.plan.jobTaskId(), kind, stage, why));
        }

        /** Facts go through the run one at a time, in the order they were published, as in the run's partition. */
        private void deliver(RunFact fact) {
            inFlight.add(fact);
            if (delivering) {
                return;
            }
            delivering = true;
            try {
                while (!inFlight.isEmpty()) {
                    RunFact next = inFlight.poll();
                    delivered.add(next);
                    if (run.apply(next, Instant.EPOCH, null) instanceof Change.Moved<PipelineRun, Outgoing> moved) {
                        run = moved.next();
                        decideAndCarryOut();
                    }
                }
            } finally {
                delivering = false;
            }
        }

        /** What pipeline-service does after a fact, and what its records make task-service and the runners do. */
        private void decideAndCarryOut() {
            boolean endedBefore = run.isConcluded();
            Decision decision = NextRun.decide(run);
            run = run.record(decision);
            if (decision instanceof Decision.Start start) {
                assertThat(endedBefore).as("a run that ended starts nothing").isFalse();
                for (TaskToRun toRun : start.tasks()) {
                    assertThat(started.add(toRun.attemptId())).as("attempt %s starts once", toRun.attemptId()).isTrue();
                    Truth task = tasks.get(toRun.task().jobTaskId());
                    if (task.stage == TaskStatus.PENDING) {
                        task.runningAttempt = toRun.attemptId();
                    }
                }
                for (TaskPlan waiting : start.awaitingAudit()) {
                    Truth task = tasks.get(waiting.jobTaskId());
                    task.turnCame = true;
                    if (task.audit == GateStatus.PENDING) {
                        task.audit = GateStatus.WAITING;
                        gate(task, GateKind.AUDIT, GateStatus.WAITING, null);
                    }
                }
            }
            if (decision instanceof Decision.CancelTasks cancel) {
                for (TaskPlan plan : cancel.tasks()) {
                    Truth task = tasks.get(plan.jobTaskId());
                    if (!task.stage.isTerminal()) {
                        // the runner stops what runs, or keeps it from starting, and says CANCELED
                        task.runningAttempt = null;
                        change(task, TaskStatus.CANCELED, "canceled");
                    }
                }
            }
        }
    }

    @Property(tries = 50)
    void theSameRunAndFactsGiveTheSameDecisions(@ForAll long seed) {
        World first = new World(new Random(seed));
        World second = new World(new Random(seed));
        for (int step = 0; step < 100; step++) {
            boolean a = first.act(true);
            boolean b = second.act(true);
            assertThat(a).isEqualTo(b);
        }
        assertThat(first.run).isEqualTo(second.run);
        assertThat(first.started).isEqualTo(second.started);
        Map<String, TaskStatus> stages = new HashMap<>();
        first.tasks.forEach((id, truth) -> stages.put(id, truth.stage));
        assertThat(stages).hasSameSizeAs(first.tasks);
    }
}

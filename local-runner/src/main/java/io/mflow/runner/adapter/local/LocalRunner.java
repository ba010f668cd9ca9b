package io.mflow.runner.adapter.local;

import io.mflow.runner.app.Launch;
import io.mflow.runner.app.Probe;
import io.mflow.runner.app.Runner;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.JobEnvironment;
import io.mflow.runner.domain.Outcome;
import io.mflow.runner.domain.OutputFile;
import io.mflow.runner.domain.Param;
import io.mflow.runner.domain.ReportStage;
import io.mflow.runner.domain.StatusReporting;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a job's {@code runnerSpec} as a shell script in a detached process on this machine. */
public class LocalRunner implements Runner {

    public static final String TYPE = "LOCAL";

    private static final Logger log = LoggerFactory.getLogger(LocalRunner.class);
    /** The wrapper writes its pid within a few milliseconds; the wait holds the listener's thread, so look often. */
    private static final Duration FIRST_POLL = Duration.ofMillis(1);
    private static final Duration MAX_POLL = Duration.ofMillis(10);
    private static final Duration EXIT_FILE_POLL = Duration.ofMillis(250);

    private final Path root;
    private final Duration startTimeout;
    private final Duration killGrace;
    private final Map<String, String> runnerEnvironment;
    private final StatusReporting reporting;
    /** Processes this runner started itself: their own onExit is exact, where a foreign pid's is polled. */
    private final Map<Long, Process> children = new ConcurrentHashMap<>();
    private final ScheduledExecutorService exitFilePoller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-runner-exit-poll");
        thread.setDaemon(true);
        return thread;
    });

    public LocalRunner(Path root, Duration startTimeout, Duration killGrace, Map<String, String> runnerEnvironment) {
        this(root, startTimeout, killGrace, runnerEnvironment, StatusReporting.DEFAULT);
    }

    /** @param reporting where its jobs report their own status, as their environment tells them */
    public LocalRunner(Path root, Duration startTimeout, Duration killGrace, Map<String, String> runnerEnvironment,
                       StatusReporting reporting) {
        this.reporting = reporting;
        this.root = root.toAbsolutePath();
        this.startTimeout = startTimeout;
        this.killGrace = killGrace;
        this.runnerEnvironment = Map.copyOf(runnerEnvironment);
    }

    @Override
    public Launch start(Attempt attempt, List<Param> openedParams, String updateToken) {
        return start(attempt, openedParams, updateToken, reporting);
    }

    /** The same, telling the job to report where {@code reporting} says (an agent learns it with its work). */
    public Launch start(Attempt attempt, List<Param> openedParams, String updateToken, StatusReporting reporting) {
        WorkDir dir = WorkDir.of(root, attempt.attemptId());
        dir.prepare(attempt.runnerSpec());
        ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/sh", dir.wrapperScript().toString())
                .directory(dir.path().toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(JobEnvironment.of(runnerEnvironment, openedParams, dir.outputFile().toString(),
                updateToken, attempt.jobTaskId(), attempt.reportKey(), reporting));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("setsid /bin/sh could not be started", e);
        }
        long pid = awaitPid(dir, process);
        if (pid == process.pid()) {
            children.put(pid, process);
        }
        log.info("{} started as pid {} in {}", attempt, pid, dir.path());
        return new Launch(pid, dir.path().toString());
    }

    /** The wrapper's pid file names the process that runs the job, also when an earlier start had claimed it. */
    private long awaitPid(WorkDir dir, Process process) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Duration poll = FIRST_POLL;
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = dir.pid();
            if (pid.isPresent()) {
                return pid.get();
            }
            if (dir.exitCode().isPresent()) {
                return process.pid();
            }
            sleep(poll);
            poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
        }
        throw new IllegalStateException("the job process wrote no pid within " + startTimeout);
    }

    @Override
    public Probe probe(Attempt attempt) {
        WorkDir dir = WorkDir.of(root, attempt.attemptId());
        if (dir.exitCode().isPresent()) {
            return new Probe.Finished(outcome(dir));
        }
        if (!dir.isClaimed()) {
            return new Probe.NotStarted();
        }
        Optional<Long> pid = dir.pid();
        if (pid.isPresent() && isAlive(pid.get())) {
            return new Probe.Running(new Launch(pid.get(), dir.path().toString()));
        }
        return new Probe.Gone();
    }

    @Override
    public CompletableFuture<Outcome> completion(Attempt attempt, Launch launch) {
        WorkDir dir = WorkDir.of(root, attempt.attemptId());
        Process own = children.remove(launch.pid());
        if (own != null) {
            return own.onExit().thenApply(ignored -> outcome(dir));
        }
        // The JDK polls a pid that is not our child with a sleep growing to 5 s; the exit file is a faster sign.
        CompletableFuture<Object> exited = new CompletableFuture<>();
        ProcessHandle.of(launch.pid()).ifPresentOrElse(
                handle -> handle.onExit().thenAccept(exited::complete),
                () -> exited.complete(null));
        ScheduledFuture<?> poll = exitFilePoller.scheduleWithFixedDelay(() -> {
            if (dir.exitCode().isPresent()) {
                exited.complete(null);
            }
        }, EXIT_FILE_POLL.toMillis(), EXIT_FILE_POLL.toMillis(), TimeUnit.MILLISECONDS);
        return exited.whenComplete((ignored, failure) -> poll.cancel(false)).thenApply(ignored -> outcome(dir));
    }

    @Override
    public byte[] outputFrom(Attempt attempt, Launch launch, long offset, int max) {
        return WorkDir.of(root, attempt.attemptId()).logFrom(offset, max);
    }

    @Override
    public void stop(Attempt attempt, Launch launch) {
        WorkDir dir = WorkDir.of(root, attempt.attemptId());
        // The pid file must still name this pid: after a reboot the pid could belong to someone else.
        if (dir.exitCode().isPresent() || !dir.pid().equals(Optional.of(launch.pid())) || !isAlive(launch.pid())) {
            return;
        }
        log.info("{}: stopping process group {}", attempt, launch.pid());
        signalGroup("TERM", launch.pid());
        CompletableFuture.runAsync(() -> signalGroup("KILL", launch.pid()),
                CompletableFuture.delayedExecutor(killGrace.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The wrapper ran under setsid, so its pid is also its process group id: the job's children go with it. */
    private static void signalGroup(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-s", signal, "--", "-" + pid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("kill -{} -{} failed: {}", signal, pid, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Outcome outcome(WorkDir dir) {
        Optional<Integer> exitCode = dir.exitCode();
        if (exitCode.isEmpty()) {
            return Outcome.lost();
        }
        long outputBytes = dir.outputBytes();
        if (exitCode.get() == 0 && outputBytes > OutputFile.MAX_FILE_BYTES) {
            return new Outcome(ReportStage.FAILED, OutputFile.tooLarge(outputBytes), Map.of(), false, 0);
        }
        Map<String, String> outputs = OutputFile.parse(dir.output());
        String tail = exitCode.get() == 0 ? "" : dir.logTail(Outcome.MAX_TAIL_CHARS);
        return Outcome.ofExit(exitCode.get(), tail, outputs);
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the job", e);
        }
    }
}

package io.mflow.localrunner.process;

import io.mflow.localrunner.domain.JobEnvironment;
import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.OutputFile;
import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.localrunner.domain.ShellAttempt;
import io.mflow.localrunner.domain.StatusReporting;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
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

/**
 * Runs attempts' scripts as detached shell processes on this machine, each in its own work dir under {@code root}:
 * runner-service's LOCAL runner and mflow-agent both run jobs with it.
 */
public class LocalProcesses {

    private static final Logger log = LoggerFactory.getLogger(LocalProcesses.class);
    /** The wrapper writes its pid within a few milliseconds; the wait holds the listener's thread, so look often. */
    private static final Duration FIRST_POLL = Duration.ofMillis(1);
    private static final Duration MAX_POLL = Duration.ofMillis(10);
    private static final Duration EXIT_FILE_POLL = Duration.ofMillis(250);

    private final Path root;
    private final Duration startTimeout;
    private final Duration killGrace;
    private final Map<String, String> runnerEnvironment;
    /** Processes started here: their own onExit is exact, where a foreign pid's is polled. */
    private final Map<Long, Process> children = new ConcurrentHashMap<>();
    private final ScheduledExecutorService exitFilePoller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-runner-exit-poll");
        thread.setDaemon(true);
        return thread;
    });

    /** Null: jobs run as the runner's own user. */
    private final JobUsers jobUsers;

    /** @param runnerEnvironment the environment of whoever runs the jobs, of which they inherit only a sane base */
    public LocalProcesses(Path root, Duration startTimeout, Duration killGrace, Map<String, String> runnerEnvironment) {
        this(root, startTimeout, killGrace, runnerEnvironment, null);
    }

    /**
     * @param jobUsers the uids jobs run as, one each, where the runner is privileged; null: as the runner's user.
     *                 Their work dirs are then reachable by them: every directory above {@code root} must let others
     *                 pass, which is checked here
     */
    public LocalProcesses(Path root, Duration startTimeout, Duration killGrace, Map<String, String> runnerEnvironment,
                          JobUsers jobUsers) {
        this.root = root.toAbsolutePath().normalize();
        this.startTimeout = startTimeout;
        this.killGrace = killGrace;
        this.runnerEnvironment = Map.copyOf(runnerEnvironment);
        this.jobUsers = jobUsers;
        if (jobUsers != null) {
            openToJobUsers(this.root);
        }
    }

    /** Root's dir lets job users pass (0711) but not list it; a parent that does not let them pass is an error. */
    private static void openToJobUsers(Path root) {
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            for (Path above = root.getParent(); above != null; above = above.getParent()) {
                if (!Files.getPosixFilePermissions(above).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("LOCAL jobs run as users of their own and cannot reach their work"
                            + " dirs in " + root + ": " + above + " does not let others pass (chmod o+x), or choose"
                            + " another mflow.runner.local.jobs-dir");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the jobs dir " + root + " could not be prepared", e);
        }
    }

    /** Whether jobs run as users of their own. */
    public boolean runsJobsAsOwnUsers() {
        return jobUsers != null;
    }

    /**
     * Starts the attempt as a process that outlives this JVM, telling the job to report its own status where
     * {@code reporting} says. Starting an attempt a second time does not run it again: it returns the process of the
     * first start. Throws when the process cannot be started.
     */
    public LocalProcess start(ShellAttempt attempt, List<Param> openedParams, String updateToken,
                              StatusReporting reporting) {
        WorkDir dir = WorkDir.of(root, attempt.attemptId());
        Map<String, String> base = runnerEnvironment;
        if (jobUsers == null) {
            dir.prepare(attempt.runnerSpec());
        } else {
            synchronized (jobUsers) {
                dir.prepareAs(attempt.runnerSpec(), jobUsers.free(root), jobUsers.setpriv());
            }
            base = new HashMap<>(runnerEnvironment);
            base.put("HOME", dir.home().toString());
        }
        ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/sh", dir.wrapperScript().toString())
                .directory(dir.path().toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(JobEnvironment.of(base, openedParams, dir.outputFile().toString(),
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
        return new LocalProcess(pid, dir.path().toString());
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

    /** The outcome of the attempt's process, once it has ended and left its exit code. */
    public Optional<Outcome> endOf(String attemptId) {
        WorkDir dir = WorkDir.of(root, attemptId);
        return dir.exitCode().isPresent() ? Optional.of(outcome(dir)) : Optional.empty();
    }

    /** Whether a process ever took the attempt (its wrapper claimed the work dir), alive or not. */
    public boolean isClaimed(String attemptId) {
        return WorkDir.of(root, attemptId).isClaimed();
    }

    /** The attempt's process, while one is alive. */
    public Optional<LocalProcess> alive(String attemptId) {
        WorkDir dir = WorkDir.of(root, attemptId);
        return dir.pid().filter(LocalProcesses::isAlive).map(pid -> new LocalProcess(pid, dir.path().toString()));
    }

    /** Completes with the outcome once the process has ended. */
    public CompletableFuture<Outcome> completion(String attemptId, LocalProcess process) {
        WorkDir dir = WorkDir.of(root, attemptId);
        Process own = children.remove(process.pid());
        if (own != null) {
            return own.onExit().thenApply(ignored -> outcome(dir));
        }
        // The JDK polls a pid that is not our child with a sleep growing to 5 s; the exit file is a faster sign.
        CompletableFuture<Object> exited = new CompletableFuture<>();
        ProcessHandle.of(process.pid()).ifPresentOrElse(
                handle -> handle.onExit().thenAccept(exited::complete),
                () -> exited.complete(null));
        ScheduledFuture<?> poll = exitFilePoller.scheduleWithFixedDelay(() -> {
            if (dir.exitCode().isPresent()) {
                exited.complete(null);
            }
        }, EXIT_FILE_POLL.toMillis(), EXIT_FILE_POLL.toMillis(), TimeUnit.MILLISECONDS);
        return exited.whenComplete((ignored, failure) -> poll.cancel(false)).thenApply(ignored -> outcome(dir));
    }

    /**
     * Up to {@code max} bytes of the job's output (stdout and stderr) from {@code offset} on; empty when there is no
     * more yet, or none at all.
     */
    public byte[] outputFrom(String attemptId, long offset, int max) {
        return WorkDir.of(root, attemptId).logFrom(offset, max);
    }

    /** Stops the process and everything it started; harmless when it has ended already. */
    public void stop(String attemptId, LocalProcess process) {
        WorkDir dir = WorkDir.of(root, attemptId);
        // The pid file must still name this pid: after a reboot the pid could belong to someone else.
        if (dir.exitCode().isPresent() || !dir.pid().equals(Optional.of(process.pid())) || !isAlive(process.pid())) {
            return;
        }
        log.info("{}: stopping process group {}", attemptId, process.pid());
        signalGroup("TERM", process.pid());
        CompletableFuture.runAsync(() -> {
            signalGroup("KILL", process.pid());
            // what the job started outside its group goes too: everything of its own user
            dir.uid().filter(uid -> jobUsers != null).ifPresent(jobUsers::killAllOf);
        }, CompletableFuture.delayedExecutor(killGrace.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * The attempt's output was published masked and its end recorded: its raw output files are deleted. A job that
     * ran as a user of its own leaves nothing: whatever of it still runs is killed and its work dir deleted, which
     * frees its uid for another attempt.
     */
    public void discard(String attemptId) {
        WorkDir dir = WorkDir.of(root, attemptId);
        if (jobUsers == null) {
            dir.discardOutput();
            return;
        }
        synchronized (jobUsers) {
            dir.uid().ifPresent(jobUsers::killAllOf);
            dir.delete();
        }
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

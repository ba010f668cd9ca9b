package io.mflow.agent;

import io.mflow.localrunner.agentapi.Finished;
import io.mflow.localrunner.agentapi.Work;
import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.localrunner.domain.ShellAttempt;
import io.mflow.localrunner.domain.StatusReporting;
import io.mflow.localrunner.process.LocalProcess;
import io.mflow.localrunner.process.LocalProcesses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent at work: it asks runner-service for jobs while it runs fewer than its concurrency, runs each with the
 * LOCAL runner's code (a detached shell process in its work dir), sends its output as it comes, and reports its start
 * and end; every few seconds it says it is alive and stops what runner-service says to stop (a cancel, or an attempt
 * that was given up on while the agent was away).
 */
final class RemoteAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteAgent.class);
    private static final Duration OUTPUT = Duration.ofMillis(500);
    private static final int CHUNK = 64 * 1024;

    /** A job this agent runs, and how much of its output runner-service has. */
    private static final class Running {
        final ShellAttempt attempt;
        final LocalProcess process;
        volatile long sent;
        volatile boolean ended;

        Running(ShellAttempt attempt, LocalProcess process) {
            this.attempt = attempt;
            this.process = process;
        }
    }

    private final AgentOptions options;
    private final EngineClient engine;
    private final LocalProcesses processes;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService poller = Executors.newSingleThreadExecutor(r -> new Thread(r, "agent-poll"));
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private volatile boolean stopped;

    RemoteAgent(AgentOptions options) {
        this.options = options;
        this.engine = new EngineClient(options);
        this.processes = new LocalProcesses(options.workDir(), Duration.ofSeconds(10), Duration.ofSeconds(3),
                System.getenv());
    }

    void start() {
        log.info("agent {} (tags {}, concurrency {}) works for {}", options.name(), options.tags(),
                options.concurrency(), options.server());
        timers.scheduleWithFixedDelay(this::heartbeat, 0, options.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::sendOutput, OUTPUT.toMillis(), OUTPUT.toMillis(), TimeUnit.MILLISECONDS);
        poller.execute(this::poll);
    }

    private void poll() {
        while (!stopped) {
            try {
                if (running.size() >= options.concurrency()) {
                    Thread.sleep(200);
                    continue;
                }
                engine.work(List.copyOf(running.keySet())).ifPresent(this::run);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("asking for work failed; trying again: {}", e.toString());
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    private void run(Work work) {
        List<Param> params = work.params() == null ? List.of() : work.params().stream()
                .map(p -> new Param(p.name(), p.value(), p.sensitive())).toList();
        ShellAttempt attempt = new ShellAttempt(work.attemptId(), work.jobTaskId(), work.pipelineTaskId(),
                work.runnerSpec());
        String id = attempt.attemptId();
        LocalProcess process;
        try {
            // Where the job reports its own status, as runner-service says (an older one says nothing: the default).
            StatusReporting reporting = new StatusReporting(work.statusBaseUrl(), work.kafkaBootstrapServers(),
                    work.kafkaLogin());
            process = processes.start(attempt, params, work.updateToken(), reporting);
        } catch (RuntimeException e) {
            log.warn("{} could not be started", id);
            report(() -> engine.finished(new Finished(id, null, Map.of(), "could not start the job on agent "
                    + options.name() + ": " + e.getMessage())));
            return;
        }
        Running job = new Running(attempt, process);
        running.put(id, job);
        log.info("{} runs as pid {}", id, process.pid());
        report(() -> engine.started(id));
        processes.completion(id, process).whenComplete((outcome, failure) -> {
            job.ended = true;
            timers.execute(() -> end(job, failure == null ? outcome : Outcome.lost()));
        });
    }

    /** The rest of its output first, then the end: runner-service has the whole log when it hears of the end. */
    private void end(Running job, Outcome outcome) {
        String id = job.attempt.attemptId();
        sendOutput(job);
        boolean failedAnyway = outcome.stage() == ReportStage.FAILED
                && (outcome.exitCode() == null ? !outcome.executionLost() : outcome.exitCode() == 0);
        report(() -> engine.finished(new Finished(id, outcome.exitCode(), outcome.outputs(),
                failedAnyway ? outcome.message() : null)));
        running.remove(id);
        log.info("{} ended: {}", id, outcome.stage());
    }

    private void heartbeat() {
        try {
            for (String id : engine.heartbeat(List.copyOf(running.keySet()))) {
                Running job = running.get(id);
                if (job != null && !job.ended) {
                    log.info("{}: runner-service says stop", id);
                    processes.stop(id, job.process);
                }
                if (job != null) {
                    running.remove(id); // runner-service no longer waits for its end
                }
            }
        } catch (Exception e) {
            log.warn("heartbeat failed: {}", e.toString());
        }
    }

    private void sendOutput() {
        running.values().forEach(this::sendOutput);
    }

    private synchronized void sendOutput(Running job) {
        try {
            while (true) {
                byte[] bytes = processes.outputFrom(job.attempt.attemptId(), job.sent, CHUNK);
                if (bytes.length == 0) {
                    return;
                }
                engine.output(job.attempt.attemptId(), job.sent, bytes);
                job.sent += bytes.length;
            }
        } catch (EngineClient.Refused e) {
            log.warn("{}: output refused: {}", job.attempt.attemptId(), e.getMessage());
        } catch (Exception e) {
            log.warn("{}: output not sent now; trying again: {}", job.attempt.attemptId(), e.toString());
        }
    }

    private interface Call {
        void call() throws Exception;
    }

    /** A report is tried until runner-service takes or refuses it. */
    private void report(Call call) {
        for (int i = 0; i < 30 && !stopped; i++) {
            try {
                call.call();
                return;
            } catch (EngineClient.Refused e) {
                log.warn("report refused: {}", e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("report not sent now; trying again: {}", e.toString());
                sleep(Duration.ofSeconds(2));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        poller.shutdownNow();
        timers.shutdownNow();
    }
}

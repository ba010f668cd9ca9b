package io.mflow.runner.adapter.local;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.StatusReporting;
import io.mflow.localrunner.process.LocalProcess;
import io.mflow.localrunner.process.LocalProcesses;
import io.mflow.runner.app.Launch;
import io.mflow.runner.app.Probe;
import io.mflow.runner.app.Runner;
import io.mflow.runner.domain.Attempt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code LOCAL}: an attempt runs as a detached shell process on runner-service's own host, with the code mflow-agent
 * shares ({@link LocalProcesses}); after a restart its work dir tells what became of it.
 */
public class LocalRunner implements Runner {

    public static final String TYPE = Attempt.LOCAL;

    private final LocalProcesses processes;
    private final StatusReporting reporting;

    /** @param reporting where its jobs report their own status, as their environment tells them */
    public LocalRunner(Path root, Duration startTimeout, Duration killGrace, Map<String, String> runnerEnvironment,
                       StatusReporting reporting) {
        this(new LocalProcesses(root, startTimeout, killGrace, runnerEnvironment), reporting);
    }

    /** @param processes runs the jobs, as the runner's own user or as users of their own */
    public LocalRunner(LocalProcesses processes, StatusReporting reporting) {
        this.processes = processes;
        this.reporting = reporting;
    }

    @Override
    public Launch start(Attempt attempt, List<Param> openedParams, String updateToken) {
        return launchOf(processes.start(attempt.shell(), openedParams, updateToken, reporting));
    }

    /** The exit file first: a process that ended is not alive either, and must not be taken for one that vanished. */
    @Override
    public Probe probe(Attempt attempt) {
        String id = attempt.attemptId();
        Optional<Outcome> ended = processes.endOf(id);
        if (ended.isPresent()) {
            return new Probe.Finished(ended.get());
        }
        if (!processes.isClaimed(id)) {
            return new Probe.NotStarted();
        }
        return processes.alive(id).<Probe>map(process -> new Probe.Running(launchOf(process)))
                .orElseGet(Probe.Gone::new);
    }

    @Override
    public CompletableFuture<Outcome> completion(Attempt attempt, Launch launch) {
        return processes.completion(attempt.attemptId(), processOf(launch));
    }

    @Override
    public void stop(Attempt attempt, Launch launch) {
        processes.stop(attempt.attemptId(), processOf(launch));
    }

    @Override
    public byte[] outputFrom(Attempt attempt, Launch launch, long offset, int max) {
        return processes.outputFrom(attempt.attemptId(), offset, max);
    }

    @Override
    public void discard(Attempt attempt, Launch launch) {
        processes.discard(attempt.attemptId());
    }

    private static Launch launchOf(LocalProcess process) {
        return new Launch(process.pid(), process.workDir());
    }

    private static LocalProcess processOf(Launch launch) {
        return new LocalProcess(launch.pid(), launch.where());
    }
}

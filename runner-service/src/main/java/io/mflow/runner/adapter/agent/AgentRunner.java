package io.mflow.runner.adapter.agent;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.runner.app.AgentDispatch;
import io.mflow.runner.app.AgentLogs;
import io.mflow.runner.app.Launch;
import io.mflow.runner.app.Probe;
import io.mflow.runner.app.Runner;
import io.mflow.runner.domain.Attempt;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code AGENT}: an attempt runs on a remote agent that carries its tags. Starting it queues it; an agent takes it
 * when one is free ({@link AgentDispatch}); its output comes from what the agent sent.
 */
public final class AgentRunner implements Runner {

    public static final String TYPE = Attempt.AGENT;
    private static final String WHERE = "agent";

    private final AgentDispatch dispatch;
    private final AgentLogs logs;

    public AgentRunner(AgentDispatch dispatch, AgentLogs logs) {
        this.dispatch = dispatch;
        this.logs = logs;
    }

    @Override
    public Launch start(Attempt attempt, List<Param> openedParams, String updateToken) {
        dispatch.enqueue(attempt);
        return new Launch(0, WHERE, true);
    }

    @Override
    public Probe probe(Attempt attempt) {
        return dispatch.find(attempt.attemptId()).<Probe>map(job -> switch (job.state()) {
            case WAITING, TAKEN -> new Probe.Running(new Launch(0, WHERE, true));
            case RUNNING -> new Probe.Running(new Launch(0, WHERE, false));
            case ENDED, LOST, CANCELED -> new Probe.Finished(job.outcome());
        }).orElse(new Probe.NotStarted());
    }

    @Override
    public CompletableFuture<String> running(Attempt attempt, Launch launch) {
        return dispatch.waiter(attempt.attemptId()).running();
    }

    @Override
    public CompletableFuture<Outcome> completion(Attempt attempt, Launch launch) {
        return dispatch.waiter(attempt.attemptId()).ended();
    }

    /** The agent stops it when it next calls in (within its heartbeat interval). */
    @Override
    public void stop(Attempt attempt, Launch launch) {
        dispatch.cancel(attempt.attemptId());
    }

    @Override
    public byte[] outputFrom(Attempt attempt, Launch launch, long offset, int max) {
        return logs.read(attempt.attemptId(), offset, max);
    }

    /** The agent's raw output, once its masked copy is published and the end recorded. */
    @Override
    public void discard(Attempt attempt, Launch launch) {
        logs.delete(attempt.attemptId());
    }
}

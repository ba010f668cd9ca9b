package io.mflow.runner.domain.agent;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An AGENT attempt on its way through the agents: waiting for one with its tags, taken by one, running there, and
 * ended (by the agent's report), lost (its agent went silent) or canceled; a settled one holds its outcome. Once
 * settled it never changes, so a late report of an agent that came back is refused, never applied. {@code version}
 * guards every write.
 */
public record AgentJob(String attemptId, String jobTaskId, List<String> tags, State state, String agent,
                       Instant queuedAt, Instant changedAt, Outcome outcome, long version) {

    public enum State {
        WAITING, TAKEN, RUNNING, ENDED, LOST, CANCELED;

        public boolean isHeld() {
            return this == TAKEN || this == RUNNING;
        }

        public boolean isSettled() {
            return this == ENDED || this == LOST || this == CANCELED;
        }
    }

    /** A report or a take that the job's state refuses, with the reason to tell the agent. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    public AgentJob {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static AgentJob waiting(String attemptId, String jobTaskId, List<String> tags, Instant now) {
        return new AgentJob(attemptId, jobTaskId, tags, State.WAITING, null, now, now, null, 0);
    }

    public AgentJob takenBy(Agent taker, Instant now) {
        if (state != State.WAITING) {
            throw new Refused("attempt " + attemptId + " is " + state + ", it cannot be taken");
        }
        if (!taker.carries(tags)) {
            throw new Refused("agent " + taker.name() + " does not carry the tags " + tags);
        }
        return next(State.TAKEN, taker.name(), now, null);
    }

    public AgentJob startedBy(String agentName, Instant now) {
        requireHeldBy(agentName);
        return state == State.RUNNING ? this : next(State.RUNNING, agent, now, null);
    }

    public AgentJob endedBy(String agentName, Outcome ended, Instant now) {
        requireHeldBy(agentName);
        return next(State.ENDED, agent, now, ended);
    }

    /** Its agent went silent: whether it did its work is unknown, so it did not. */
    public AgentJob lost(Instant now, String why) {
        if (!state.isHeld()) {
            return this;
        }
        return next(State.LOST, agent, now, new Outcome(ReportStage.FAILED, why, Map.of(), true, null));
    }

    public AgentJob canceled(Instant now) {
        return state.isSettled() ? this : next(State.CANCELED, agent, now, Outcome.failed("canceled"));
    }

    private void requireHeldBy(String agentName) {
        if (state.isSettled()) {
            throw new Refused("attempt " + attemptId + " ended " + state + (outcome != null && outcome.message() != null
                    ? " (" + outcome.message() + ")" : "") + " at " + changedAt + "; this report is refused");
        }
        if (!state.isHeld() || !agentName.equals(agent)) {
            throw new Refused("attempt " + attemptId + " is not held by agent " + agentName);
        }
    }

    private AgentJob next(State nextState, String nextAgent, Instant now, Outcome nextOutcome) {
        return new AgentJob(attemptId, jobTaskId, tags, nextState, nextAgent, queuedAt, now, nextOutcome, version + 1);
    }
}

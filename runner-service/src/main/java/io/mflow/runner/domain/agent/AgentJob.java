package io.mflow.runner.domain.agent;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AGENT attempt on its way through the agents: waiting for one with its tags, taken by one, running there, and
 * ended (by the agent's report), lost (its agent went silent) or canceled; a settled one holds its outcome. Once
 * settled it never changes, so a late report of an agent that came back is refused, never applied. Its changes
 * announce nothing: runner-service hears of them through the attempt's waiter, and reports them as the execution's.
 */
public record AgentJob(String attemptId, String jobTaskId, List<String> tags, State state, String agent,
                       Instant queuedAt, Instant changedAt, Outcome outcome) {

    public enum State {
        WAITING, TAKEN, RUNNING, ENDED, LOST, CANCELED;

        public boolean isHeld() {
            return this == TAKEN || this == RUNNING;
        }

        public boolean isSettled() {
            return this == ENDED || this == LOST || this == CANCELED;
        }
    }

    public AgentJob {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static AgentJob waiting(String attemptId, String jobTaskId, List<String> tags, Instant now) {
        return new AgentJob(attemptId, jobTaskId, tags, State.WAITING, null, now, now, null);
    }

    public Change<AgentJob, Void> takenBy(Agent taker, Instant now) {
        if (state != State.WAITING) {
            return Change.refused("attempt " + attemptId + " is " + state + ", it cannot be taken");
        }
        if (!taker.carries(tags)) {
            return Change.refused("agent " + taker.name() + " does not carry the tags " + tags);
        }
        return next(State.TAKEN, taker.name(), now, null);
    }

    public Change<AgentJob, Void> startedBy(String agentName, Instant now) {
        return refusalOf(agentName).orElseGet(() -> state == State.RUNNING ? Change.unchanged()
                : next(State.RUNNING, agent, now, null));
    }

    public Change<AgentJob, Void> endedBy(String agentName, Outcome ended, Instant now) {
        return refusalOf(agentName).orElseGet(() -> next(State.ENDED, agent, now, ended));
    }

    /** Its agent went silent: whether it did its work is unknown, so it did not. */
    public Change<AgentJob, Void> lost(Instant now, String why) {
        if (!state.isHeld()) {
            return Change.unchanged();
        }
        return next(State.LOST, agent, now, new Outcome(ReportStage.FAILED, why, Map.of(), true, null));
    }

    public Change<AgentJob, Void> canceled(Instant now) {
        return state.isSettled() ? Change.unchanged() : next(State.CANCELED, agent, now, Outcome.failed("canceled"));
    }

    /** Why a report of {@code agentName} is refused: the job settled, or another agent (or none) holds it. */
    private Optional<Change<AgentJob, Void>> refusalOf(String agentName) {
        if (state.isSettled()) {
            return Optional.of(Change.refused("attempt " + attemptId + " ended " + state
                    + (outcome != null && outcome.message() != null ? " (" + outcome.message() + ")" : "") + " at "
                    + changedAt + "; this report is refused"));
        }
        if (!state.isHeld() || !agentName.equals(agent)) {
            return Optional.of(Change.refused("attempt " + attemptId + " is not held by agent " + agentName));
        }
        return Optional.empty();
    }

    private Change<AgentJob, Void> next(State nextState, String nextAgent, Instant now, Outcome nextOutcome) {
        return Change.moved(new AgentJob(attemptId, jobTaskId, tags, nextState, nextAgent, queuedAt, now,
                nextOutcome));
    }
}

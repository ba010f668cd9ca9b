package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.ScheduleState;
import java.time.Instant;
import org.springframework.data.annotation.Id;

/** A schedule's state as stored: its id is the pipeline's and the schedule's name, so there is one per schedule. */
record ScheduleStateDocument(@Id String id, String pipelineId, String name, String timing, Instant nextDueAt,
                             Instant claimedUntil, Instant lastDueAt, String lastRunId, Instant lastFiredAt,
                             String lastProblem, long version) {

    static String idOf(String pipelineId, String name) {
        // pipeline ids have no ':' (pl-...), so the first ':' parts them from the schedule's name
        return pipelineId + ":" + name;
    }

    static ScheduleStateDocument of(ScheduleState state) {
        return new ScheduleStateDocument(idOf(state.pipelineId(), state.name()), state.pipelineId(), state.name(),
                state.timing(), state.nextDueAt(), state.claimedUntil(), state.lastDueAt(), state.lastRunId(),
                state.lastFiredAt(), state.lastProblem(), state.version());
    }

    ScheduleState toDomain() {
        return new ScheduleState(pipelineId, name, timing, nextDueAt, claimedUntil, lastDueAt, lastRunId, lastFiredAt,
                lastProblem, version);
    }
}

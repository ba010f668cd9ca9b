package io.mflow.task.app;

import io.mflow.task.domain.ScheduleState;
import java.util.List;
import java.util.Optional;

/** Where the schedules of pipelines stand, one document per (pipeline, schedule name). */
public interface Schedules {

    Optional<ScheduleState> find(String pipelineId, String name);

    List<ScheduleState> ofPipeline(String pipelineId);

    List<ScheduleState> all();

    /**
     * Stores {@code next} only if the stored state is still the one it was made from (its version one less; version
     * 1: none stored yet).
     *
     * @return false when another replica came first: it fires, or read again
     */
    boolean write(ScheduleState next);

    /** Forgets the state of a schedule that is gone (its pipeline deleted, or the schedule taken out of it). */
    void remove(String pipelineId, String name);
}

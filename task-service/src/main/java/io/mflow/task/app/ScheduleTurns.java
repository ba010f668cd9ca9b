package io.mflow.task.app;

import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Schedule;
import io.mflow.task.domain.ScheduleState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Starts the runs of pipelines' schedules when they come due, from a sweep that every replica runs.
 * <p>
 * Run, then advance: a replica that finds a due time claims it (a compare-and-set on the schedule's state, held for
 * {@code claimFor}), starts the run under the id derived from (pipeline, schedule, due time), then advances the state
 * to the next due time. Advancing first would lose the run when the replica dies between the two writes; running
 * first can only repeat the start, and a start under an id that exists returns that run. So a crash anywhere, or two
 * replicas racing past the claim (a claim that expired while its replica was slow), never make a second run and
 * never lose one. The claim only spares the others the work (and the job tasks a losing start leaves unused).
 */
public class ScheduleTurns {

    /** Turns of one schedule in one sweep at most: a 1-second cron seen a whole grace late needs about 60. */
    private static final int MOST_TURNS = 1_000;

    private final Pipelines pipelines;
    private final Schedules schedules;
    private final RunPipeline runPipeline;
    private final Clock clock;
    private final Duration grace;
    private final Duration claimFor;

    /**
     * @param grace    how late a sweep may see a due time for it still to count as on time (not missed)
     * @param claimFor how long a replica has to start a run before another may start it instead
     */
    public ScheduleTurns(Pipelines pipelines, Schedules schedules, RunPipeline runPipeline, Clock clock,
                         Duration grace, Duration claimFor) {
        this.pipelines = pipelines;
        this.schedules = schedules;
        this.runPipeline = runPipeline;
        this.clock = clock;
        this.grace = grace;
        this.claimFor = claimFor;
    }

    /** Plans the next due time of a pipeline's new and changed schedules, and forgets those taken out of it. */
    public void plan(Pipeline pipeline) {
        Map<String, ScheduleState> states = new LinkedHashMap<>();
        schedules.ofPipeline(pipeline.id()).forEach(state -> states.put(state.name(), state));
        Set<String> kept = new HashSet<>();
        for (Schedule schedule : pipeline.schedules()) {
            kept.add(schedule.name());
            current(pipeline.id(), schedule, states.get(schedule.name()), clock.instant());
        }
        states.keySet().stream().filter(name -> !kept.contains(name))
                .forEach(name -> schedules.remove(pipeline.id(), name));
    }

    /** One pass over every scheduled pipeline: plans what changed, fires what is due, forgets what is gone. */
    public void sweep() {
        Map<String, ScheduleState> states = new LinkedHashMap<>();
        schedules.all().forEach(state -> states.put(state.pipelineId() + "/" + state.name(), state));
        for (Pipeline pipeline : pipelines.scheduled()) {
            for (Schedule schedule : pipeline.schedules()) {
                ScheduleState state = states.remove(pipeline.id() + "/" + schedule.name());
                ScheduleState now = current(pipeline.id(), schedule, state, clock.instant());
                if (now != null && now == state) {
                    // one turn per due time that has come: a cron more frequent than the sweep loses none of them
                    ScheduleState at = state;
                    for (int i = 0; i < MOST_TURNS && at != null; i++) {
                        at = turn(pipeline, schedule, at);
                    }
                }
            }
        }
        // what is left belongs to a deleted pipeline or a schedule taken out: it never fires again
        states.values().forEach(state -> schedules.remove(state.pipelineId(), state.name()));
    }

    /**
     * Each schedule of a pipeline, by name, with where it stands: its stored state, or (not swept yet) the plan the
     * first sweep will store.
     */
    public Map<String, ScheduleState> statesOf(Pipeline pipeline) {
        Map<String, ScheduleState> stored = new LinkedHashMap<>();
        if (pipeline.schedules().isEmpty()) {
            return stored;
        }
        schedules.ofPipeline(pipeline.id()).forEach(state -> stored.put(state.name(), state));
        Map<String, ScheduleState> shown = new LinkedHashMap<>();
        for (Schedule schedule : pipeline.schedules()) {
            ScheduleState state = stored.get(schedule.name());
            Schedule.DueTimes times = CronDueTimes.of(schedule);
            shown.put(schedule.name(), state == null ? ScheduleState.planned(pipeline.id(), schedule, times,
                    clock.instant()) : state.replanned(schedule, times, clock.instant()));
        }
        return shown;
    }

    /** The stored state made current with the schedule's definition; null when another replica wrote first. */
    private ScheduleState current(String pipelineId, Schedule schedule, ScheduleState state, Instant now) {
        Schedule.DueTimes times = CronDueTimes.of(schedule);
        ScheduleState next = state == null ? ScheduleState.planned(pipelineId, schedule, times, now)
                : state.replanned(schedule, times, now);
        if (next == state) {
            return state;
        }
        return schedules.write(next) ? next : null;
    }

    /** Fires or skips what is due; the state written, or null when nothing was (not due, or another replica wrote). */
    private ScheduleState turn(Pipeline pipeline, Schedule schedule, ScheduleState state) {
        Instant now = clock.instant();
        ScheduleState.Turn turn = state.turn(schedule, CronDueTimes.of(schedule), now, grace);
        if (turn instanceof ScheduleState.Skip skip) {
            ScheduleState skipped = state.skipped(skip);
            return schedules.write(skipped) ? skipped : null;
        }
        if (!(turn instanceof ScheduleState.Fire fire)) {
            return null;
        }
        ScheduleState claimed = state.claimed(now.plus(claimFor));
        if (!schedules.write(claimed)) {
            return null;
        }
        String runId = schedule.runIdFor(pipeline.id(), fire.dueAt());
        String problem = null;
        try {
            PipelineTask run = runPipeline.run(pipeline.id(), schedule.params(), schedule.labelsFor(fire.dueAt()),
                    false, schedule.triggeredBy(), runId);
            runId = run.id();
        } catch (RequestRefused refused) {
            // the run cannot start (a job gone, a busy lane that rejects, a param that no longer fits): trying the
            // same due time again would be refused again, so it is told on the schedule and the schedule goes on
            problem = refused.getMessage();
            runId = null;
        }
        ScheduleState fired = claimed.fired(fire, runId, problem, clock.instant());
        return schedules.write(fired) ? fired : null;
    }
}

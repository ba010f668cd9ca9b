package io.mflow.task.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One lane of a pipeline: the runs that share a value of the pipeline's lane param. At most one run holds the lane
 * (runs); the others wait in {@code line}, first come first. A lane is changed only by a write that is guarded by
 * {@code version} (compare and set), so two replicas deciding at once cannot both let a run in.
 */
public record Lane(String pipelineId, String value, String holder, List<String> line, long version) {

    public Lane {
        line = line == null ? List.of() : List.copyOf(line);
        if (holder == null && !line.isEmpty()) {
            throw new IllegalArgumentException("a lane with runs in line has a holder");
        }
    }

    /** What a second run does while a lane is taken: waits its turn (QUEUE) or is refused (REJECT). */
    public enum WhenBusy { QUEUE, REJECT }

    /** The lane a run of a pipeline enters when nobody used it yet (or everyone left it). */
    public static Lane empty(String pipelineId, String value) {
        return new Lane(pipelineId, value, null, List.of(), 0);
    }

    /** A run stops holding its lane (lets the next one in) only when it is complete: SUCCEEDED, FAILED or CANCELED. */
    public static boolean letsGo(Status stage) {
        return stage.isComplete();
    }

    /** The outcome of a run's arrival at the lane. */
    public sealed interface Entry {
    }

    /** The run holds the lane: it starts at once. */
    public record Holds(Lane lane) implements Entry {
    }

    /** The run waits: {@code position} 1 is the next to go. */
    public record Queued(Lane lane, int position) implements Entry {
    }

    /** The lane is taken and the pipeline refuses to queue: why, for a 409. */
    public record Refused(String reason) implements Entry {
    }

    /** A run arrives. Arriving again (a repeated write) changes nothing and says the same. */
    public Entry enter(String runId, WhenBusy whenBusy) {
        if (runId.equals(holder)) {
            return new Holds(this);
        }
        int waiting = line.indexOf(runId);
        if (waiting >= 0) {
            return new Queued(this, waiting + 1);
        }
        if (holder == null && line.isEmpty()) {
            return new Holds(new Lane(pipelineId, value, runId, List.of(), version + 1));
        }
        if (whenBusy == WhenBusy.REJECT) {
            return new Refused("lane '" + value + "' of pipeline " + pipelineId + " is busy with run "
                    + holder + ", and this pipeline rejects runs while it is");
        }
        List<String> longer = new ArrayList<>(line);
        longer.add(runId);
        return new Queued(new Lane(pipelineId, value, holder, longer, version + 1), longer.size());
    }

    /** The outcome of a run's leaving: the lane after, and the run let in (null when none). */
    public record Left(Lane lane, String letIn) {
    }

    /**
     * A run leaves: the holder because it is complete (the first in line then holds the lane), or one in line because
     * it was canceled (those behind it move up). Leaving a lane one is not in changes nothing, so
     * a repeated end is harmless.
     */
    public Left leave(String runId) {
        if (runId.equals(holder)) {
            if (line.isEmpty()) {
                return new Left(new Lane(pipelineId, value, null, List.of(), version + 1), null);
            }
            return new Left(new Lane(pipelineId, value, line.get(0), line.subList(1, line.size()), version + 1),
                    line.get(0));
        }
        if (line.contains(runId)) {
            List<String> shorter = new ArrayList<>(line);
            shorter.remove(runId);
            return new Left(new Lane(pipelineId, value, holder, shorter, version + 1), null);
        }
        return new Left(this, null);
    }

    /**
     * A complete run that failed asks to go on (a person retries or skips the task that failed it): it may only if
     * the lane is free, and then holds it again; otherwise it is refused, so that it never runs beside the run let in
     * after it.
     */
    public Entry resume(String runId) {
        if (runId.equals(holder)) {
            return new Holds(this);
        }
        if (holder == null && line.isEmpty()) {
            return new Holds(new Lane(pipelineId, value, runId, List.of(), version + 1));
        }
        return new Refused("lane '" + value + "' of pipeline " + pipelineId + " went on to run "
                + holder + " after this run failed: start a new run instead");
    }

    /** Where a run waits: 1 is next; empty when it does not wait in this lane. */
    public Optional<Integer> positionOf(String runId) {
        int index = line.indexOf(runId);
        return index < 0 ? Optional.empty() : Optional.of(index + 1);
    }
}

package io.mflow.task.domain;

import static io.mflow.task.domain.Stage.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which stage a job task may move to from which, and by what. Reports (of runners, of outside reporters, and a
 * person's cancel) never move a task out of a complete stage; only a person's retry or skip does.
 */
public final class JobTaskTransitions {

    /** What moves a task along an edge. */
    public enum Move {
        /** A status report, or a person's cancel or audit denial, which the task takes as one. */
        REPORT,
        /** A person (or the retry policy) starts a new attempt. */
        RETRY,
        /** A person skips the task: its run goes on as if it had succeeded. */
        SKIP
    }

    private static final Map<Move, Map<Stage, Set<Stage>>> ALLOWED = new EnumMap<>(Move.class);

    static {
        Map<Stage, Set<Stage>> reports = table(Move.REPORT);
        // A runner may skip the stages it has no use for (LOCAL goes straight to ACTIVE); a task can fail or be
        // canceled before it ever started. CANCELING: a person asked to cancel it, and the runner (which may have
        // its RunJob already) says when it is CANCELED.
        reports.put(PENDING, EnumSet.of(SCHEDULING, CREATING, ACTIVE, FAILED, CANCELING, CANCELED));
        reports.put(SCHEDULING, EnumSet.of(CREATING, ACTIVE, FAILED, CANCELING, CANCELED));
        // A job fast enough to finish before its runner saw it running goes from CREATING to SUCCEEDED.
        reports.put(CREATING, EnumSet.of(ACTIVE, SUCCEEDED, FAILED, CANCELING, CANCELED));
        reports.put(ACTIVE, EnumSet.of(SUCCEEDED, FAILED, CANCELING, CANCELED));
        // A job may finish on its own (or fail to stop) while being canceled.
        reports.put(CANCELING, EnumSet.of(CANCELED, FAILED, SUCCEEDED));
        // A failed or canceled attempt may be followed by another, PENDING again (the retry policy's retry is a
        // FAILED report that goes on along this edge at once, so readers never see FAILED stored).
        table(Move.RETRY).putAll(Map.of(FAILED, EnumSet.of(PENDING), CANCELED, EnumSet.of(PENDING)));
        // A person may skip a task that failed (its run resumes) or one that has not run; an attempt on its way is
        // stopped by its run's driver, not skipped.
        table(Move.SKIP).putAll(Map.of(FAILED, EnumSet.of(SKIPPED), PENDING, EnumSet.of(SKIPPED)));
        for (Map<Stage, Set<Stage>> edges : ALLOWED.values()) {
            for (Stage stage : Stage.values()) {
                edges.putIfAbsent(stage, EnumSet.noneOf(Stage.class));
            }
        }
    }

    private JobTaskTransitions() {
    }

    public static boolean allows(Stage from, Stage to, Move move) {
        return ALLOWED.get(move).get(from).contains(to);
    }

    /** Where {@code move} may take a task from {@code stage}. */
    public static Set<Stage> from(Stage stage, Move move) {
        return Collections.unmodifiableSet(ALLOWED.get(move).get(stage));
    }

    private static Map<Stage, Set<Stage>> table(Move move) {
        return ALLOWED.computeIfAbsent(move, m -> new EnumMap<>(Stage.class));
    }
}

package io.mflow.task.domain;

import static io.mflow.task.domain.Stage.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Which stage a job task may move to from which. Complete stages have no edges: they are final. */
public final class JobTaskTransitions {

    private static final Map<Stage, Set<Stage>> ALLOWED = new EnumMap<>(Stage.class);

    static {
        // A runner may skip the stages it has no use for (LOCAL goes straight to ACTIVE); a task can fail or be
        // canceled before it ever started. CANCELING: a person asked to cancel it, and the runner (which may have
        // its RunJob already) says when it is CANCELED.
        ALLOWED.put(PENDING, EnumSet.of(SCHEDULING, CREATING, ACTIVE, FAILED, CANCELING, CANCELED));
        ALLOWED.put(SCHEDULING, EnumSet.of(CREATING, ACTIVE, FAILED, CANCELING, CANCELED));
        // A job fast enough to finish before its runner saw it running goes from CREATING to SUCCEEDED.
        ALLOWED.put(CREATING, EnumSet.of(ACTIVE, SUCCEEDED, FAILED, CANCELING, CANCELED));
        ALLOWED.put(ACTIVE, EnumSet.of(SUCCEEDED, FAILED, CANCELING, CANCELED));
        // A job may finish on its own (or fail to stop) while being canceled.
        ALLOWED.put(CANCELING, EnumSet.of(CANCELED, FAILED, SUCCEEDED));
        for (Stage stage : Stage.values()) {
            ALLOWED.putIfAbsent(stage, EnumSet.noneOf(Stage.class));
        }
    }

    private JobTaskTransitions() {
    }

    public static boolean allows(Stage from, Stage to) {
        return ALLOWED.get(from).contains(to);
    }

    public static Set<Stage> from(Stage stage) {
        return Collections.unmodifiableSet(ALLOWED.get(stage));
    }
}

package io.mflow.task.domain;

import static io.mflow.task.domain.Status.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Which stage a pipeline task may move to from which. Complete stages are final, but for a failed run's resume. */
public final class PipelineTaskTransitions {

    private static final Map<Status, Set<Status>> ALLOWED = new EnumMap<>(Status.class);

    static {
        ALLOWED.put(PENDING, EnumSet.of(ACTIVE, CANCELED, FAILED));
        // A queued run starts when its lane lets it go, or leaves the line when canceled: nothing of it ran yet.
        ALLOWED.put(QUEUED, EnumSet.of(ACTIVE, CANCELED));
        ALLOWED.put(ACTIVE, EnumSet.of(SUCCEEDED, FAILED, CANCELING, CANCELED));
        // A run being canceled may still end on its own: its running tasks decide.
        ALLOWED.put(CANCELING, EnumSet.of(CANCELED, FAILED, SUCCEEDED));
        // A run that failed resumes when a person skips or retries the task that failed it; pipeline-service
        // decides, and this is the only way out of a complete stage.
        ALLOWED.put(FAILED, EnumSet.of(ACTIVE));
        for (Status stage : Status.values()) {
            ALLOWED.putIfAbsent(stage, EnumSet.noneOf(Status.class));
        }
    }

    private PipelineTaskTransitions() {
    }

    public static boolean allows(Status from, Status to) {
        return ALLOWED.get(from).contains(to);
    }
}

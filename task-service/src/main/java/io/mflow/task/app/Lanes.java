package io.mflow.task.app;

import io.mflow.task.domain.Lane;
import java.util.List;
import java.util.Optional;

/** The lanes of pipelines, one document per (pipeline, lane value). */
public interface Lanes {

    Optional<Lane> find(String pipelineId, String value);

    /**
     * Stores {@code next} only if the stored lane is still the one it was made from (its version one less; version
     * 1: no lane stored yet).
     *
     * @return false when another writer came first: read again and decide again
     */
    boolean write(Lane next);

    /** Every lane that a run holds, for the sweep that repairs what a crash left half done. */
    List<Lane> held();
}

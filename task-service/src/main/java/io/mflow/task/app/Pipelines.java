package io.mflow.task.app;

import io.mflow.task.domain.Pipeline;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface Pipelines {

    void add(Pipeline pipeline);

    Optional<Pipeline> byId(String id);

    /** Stores {@code next} in place of its pipeline only while that is at {@code revision}; false otherwise. */
    boolean replace(Pipeline next, int revision);

    /** Removes the pipeline; false when it was not there. */
    boolean remove(String id);

    /** The pipelines with a task that may refer to job {@code name} of {@code namespace}, any version. */
    List<Pipeline> referringTo(String namespace, String name, List<String> jobIds);

    /** The pipelines with at least one schedule, for the sweep that starts their runs. */
    List<Pipeline> scheduled();

    default Page<Pipeline> page(int page, int size) {
        return page(page, size, Map.of());
    }

    /** Newest first; only pipelines carrying every one of {@code labels}. */
    Page<Pipeline> page(int page, int size, Map<String, String> labels);
}

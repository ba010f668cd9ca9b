package io.mflow.task.app;

import io.mflow.task.domain.Pipeline;
import java.util.Map;
import java.util.Optional;

public interface Pipelines {

    void add(Pipeline pipeline);

    Optional<Pipeline> byId(String id);

    default Page<Pipeline> page(int page, int size) {
        return page(page, size, Map.of());
    }

    /** Newest first; only pipelines carrying every one of {@code labels}. */
    Page<Pipeline> page(int page, int size, Map<String, String> labels);
}

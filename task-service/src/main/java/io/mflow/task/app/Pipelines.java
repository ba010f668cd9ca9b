package io.mflow.task.app;

import io.mflow.task.domain.Pipeline;
import java.util.Optional;

public interface Pipelines {

    void add(Pipeline pipeline);

    Optional<Pipeline> byId(String id);

    Page<Pipeline> page(int page, int size);
}

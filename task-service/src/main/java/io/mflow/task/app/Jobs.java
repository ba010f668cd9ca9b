package io.mflow.task.app;

import io.mflow.task.domain.Job;
import java.util.Map;
import java.util.Optional;

public interface Jobs {

    /** False when a job of that name exists already. */
    boolean add(Job job);

    Optional<Job> byId(String id);

    Optional<Job> byName(String name);

    default Page<Job> page(int page, int size) {
        return page(page, size, Map.of());
    }

    /** Newest first; only jobs carrying every one of {@code labels}. */
    Page<Job> page(int page, int size, Map<String, String> labels);
}

package io.mflow.task.app;

import io.mflow.task.domain.Job;
import java.util.Optional;

public interface Jobs {

    /** False when a job of that name exists already. */
    boolean add(Job job);

    Optional<Job> byId(String id);

    Optional<Job> byName(String name);

    Page<Job> page(int page, int size);
}

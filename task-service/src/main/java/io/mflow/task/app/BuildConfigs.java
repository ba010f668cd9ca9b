package io.mflow.task.app;

import io.mflow.task.domain.BuildConfig;
import java.util.List;
import java.util.Optional;

/** The build configurations, one document each. */
public interface BuildConfigs {

    void add(BuildConfig config);

    Optional<BuildConfig> byId(String id);

    /** @return false when it no longer exists */
    boolean replace(BuildConfig next);

    boolean remove(String id);

    /** Every configuration of a repository, enabled or not: a delivery is checked against each (no first page only). */
    List<BuildConfig> ofRepository(String repository);

    /** Newest first; {@code pipelineId} null: of every pipeline. */
    Page<BuildConfig> page(int page, int size, String pipelineId);
}

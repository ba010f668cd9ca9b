package io.mflow.platform.web;

import java.util.Optional;

/**
 * Which run a REST request acts on, for the logs (see {@link RunInRequestLogs}): a service that has runs says it from
 * the request's path, e.g. a run's own id in {@code /pipeline-tasks/{id}/cancel}, or the run a job task belongs to.
 */
@FunctionalInterface
public interface RunOfRequest {

    /** A service without runs. */
    RunOfRequest NONE = (method, path) -> Optional.empty();

    /** @param path the request's path, without its query */
    Optional<String> runOf(String method, String path);
}

package io.mflow.runner.app;

import io.mflow.runner.domain.Execution;
import java.util.List;

/**
 * The executions as recovery lists them. Each is written, and read one by one, through {@code AggregateChanges}
 * ({@link ExecutionChanges}), its outbox of reports inside it.
 */
public interface Executions {

    /** Executions that are neither finished nor canceled. */
    List<Execution> unsettled();

    /** Unsettled executions of the instance {@code owner}; null: those claimed before instances had ids. */
    List<Execution> unsettledOf(String owner);
}

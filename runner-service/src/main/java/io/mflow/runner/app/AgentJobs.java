package io.mflow.runner.app;

import io.mflow.runner.domain.agent.AgentJob;
import java.util.List;

/**
 * The AGENT attempts as dispatch lists them. Each is written, and read one by one, through {@code AggregateChanges}.
 */
public interface AgentJobs {

    /** Waiting ones, oldest first. */
    List<AgentJob> waiting(int limit);

    /** Taken or running ones, of every agent. */
    List<AgentJob> held();
}

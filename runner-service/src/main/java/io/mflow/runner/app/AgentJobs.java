package io.mflow.runner.app;

import io.mflow.runner.domain.agent.AgentJob;
import java.util.List;
import java.util.Optional;

/** The AGENT attempts, from waiting to settled. Writes are compare-and-set on the version. */
public interface AgentJobs {

    /** Adds it unless the attempt is there already (a redelivered command); true when added. */
    boolean add(AgentJob job);

    Optional<AgentJob> find(String attemptId);

    /** Waiting ones, oldest first. */
    List<AgentJob> waiting(int limit);

    /** Taken or running ones, of every agent. */
    List<AgentJob> held();

    /** True when {@code before} was still the stored version and is now {@code after}. */
    boolean replace(AgentJob before, AgentJob after);
}

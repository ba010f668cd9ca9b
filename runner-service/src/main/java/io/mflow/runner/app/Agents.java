package io.mflow.runner.app;

import io.mflow.runner.domain.agent.Agent;
import java.util.List;
import java.util.Optional;

/** The agents that were ever heard from, as each last said it was. */
public interface Agents {

    void save(Agent agent);

    Optional<Agent> find(String name);

    List<Agent> all();
}

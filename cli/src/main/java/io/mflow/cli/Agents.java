package io.mflow.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

@Command(name = "agents", description = "Lists the agents that run jobs (GET /api/v1/agents): alive or not, their "
        + "tags, how many jobs each may run and is running, their last heartbeat.")
final class Agents extends ApiCommand {

    @Mixin
    Output output;

    @Override
    public Integer call() {
        JsonNode agents = api().get("/api/v1/agents");
        if (output.json()) {
            Output.printJson(out(), agents);
            return ExitCodes.OK;
        }
        print(table(agents));
        return ExitCodes.OK;
    }

    /** A list, or a page of one ({@code items}). */
    static Table table(JsonNode agents) {
        JsonNode list = agents.isArray() ? agents : agents.get("items");
        Table table = new Table("NAME", "ALIVE", "TAGS", "RUNNING", "CONCURRENCY", "VERSION", "LAST HEARTBEAT");
        for (JsonNode agent : RunView.iterable(list)) {
            List<String> tags = new ArrayList<>();
            RunView.iterable(agent.get("tags")).forEach(tag -> tags.add(tag.asString()));
            if (agent.path("untagged").asBoolean(false)) {
                tags.add("(untagged jobs)");
            }
            table.row(MflowApi.text(agent, "name"), agent.path("alive").asBoolean(false) ? "yes" : "no",
                    String.join(",", tags), agent.path("running").size(), MflowApi.text(agent, "concurrency"),
                    MflowApi.text(agent, "version"), MflowApi.text(agent, "lastHeartbeat"));
        }
        return table;
    }
}

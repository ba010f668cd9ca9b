package io.mflow.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

@Command(name = "pipelines", subcommands = Pipelines.ListPipelines.class, description = "The pipelines defined.")
final class Pipelines extends CommandGroup {

    @Command(name = "list", description = "Lists the pipelines, oldest first: id, name, stages, who defined it.")
    static final class ListPipelines extends ApiCommand {

        @Mixin
        Paging paging;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            JsonNode page = api().get("/api/v1/pipelines" + MflowApi.query(MflowApi.params(
                    "page", paging.page, "size", paging.size)));
            if (output.json()) {
                Output.printJson(out(), page);
                return ExitCodes.OK;
            }
            print(table(page));
            return ExitCodes.OK;
        }
    }

    static Table table(JsonNode page) {
        Table table = new Table("ID", "NAME", "STAGES", "CREATED BY", "CREATED");
        for (JsonNode pipeline : RunView.iterable(page.get("items"))) {
            List<String> stages = new ArrayList<>();
            RunView.iterable(pipeline.get("stages")).forEach(stage -> stages.add(MflowApi.text(stage, "name")));
            table.row(MflowApi.text(pipeline, "id"), MflowApi.text(pipeline, "name"), String.join(" > ", stages),
                    MflowApi.text(pipeline, "createdBy"), MflowApi.text(pipeline, "createdAt"));
        }
        return table;
    }

    /** A pipeline's id, given its id or its name (names are looked up page by page). */
    static String idOf(MflowApi api, String idOrName) {
        try {
            return MflowApi.text(api.get("/api/v1/pipelines/" + MflowApi.segment(idOrName)), "id");
        } catch (CliFailure.Problem problem) {
            if (problem.status() != 404) {
                throw problem;
            }
        }
        for (int page = 0; ; page++) {
            JsonNode found = api.get("/api/v1/pipelines" + MflowApi.query(MflowApi.params("page", page, "size", 100)));
            for (JsonNode pipeline : RunView.iterable(found.get("items"))) {
                if (idOrName.equals(MflowApi.text(pipeline, "name"))) {
                    return MflowApi.text(pipeline, "id");
                }
            }
            if (found.path("items").size() < 100) {
                throw new CliFailure(ExitCodes.REFUSED, "no pipeline with id or name '" + idOrName + "'");
            }
        }
    }
}

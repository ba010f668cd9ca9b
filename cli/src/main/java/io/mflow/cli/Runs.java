package io.mflow.cli;

import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "runs", subcommands = {Runs.ListRuns.class, Runs.Show.class, Runs.Watch.class, Runs.Cancel.class},
        description = "Runs of pipelines (pipeline tasks).")
final class Runs extends CommandGroup {

    @Command(name = "list", description = "Lists runs, newest first: id, pipeline, stage, when, who started it.")
    static final class ListRuns extends ApiCommand {

        @Option(names = "--pipeline", paramLabel = "ID", description = "Only this pipeline's runs (its id).")
        String pipelineId;

        @Option(names = "--stage", paramLabel = "STAGE", description = "Only runs in this stage: ACTIVE, FAILED, ...")
        String stage;

        @Mixin
        Paging paging;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            JsonNode page = api().get("/api/v1/pipeline-tasks" + MflowApi.query(MflowApi.params("pipelineId", pipelineId,
                    "stage", stage, "page", paging.page, "size", paging.size)));
            if (output.json()) {
                Output.printJson(out(), page);
                return ExitCodes.OK;
            }
            Table table = new Table("ID", "PIPELINE", "STAGE", "CREATED", "FINISHED", "BY");
            for (JsonNode run : RunView.iterable(page.get("items"))) {
                table.row(MflowApi.text(run, "id"), MflowApi.text(run, "pipelineName"), MflowApi.text(run, "stage"),
                        MflowApi.text(run, "createdAt"), MflowApi.text(run, "finishedAt"),
                        MflowApi.text(run, "triggeredBy"));
            }
            print(table);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Shows a run: its stages in order with each job task's status, attempt, "
            + "duration and what it waits for.")
    static final class Show extends ApiCommand {

        @Parameters(paramLabel = "RUN", description = "The run's id (its pipeline task id, pt-...).")
        String id;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            MflowApi api = api();
            JsonNode run = api.get("/api/v1/pipeline-tasks/" + MflowApi.segment(id));
            if (output.json()) {
                Output.printJson(out(), run);
                return ExitCodes.OK;
            }
            RunView.draw(run, RunWatch.jobTasksOf(api, id), Instant.now()).forEach(out()::println);
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "watch", description = {"Draws a run live until it ends, polling once a second: redrawn in place "
            + "on a terminal, a line a change otherwise.",
            "Exits as 'mflow run --wait' does: 0 SUCCEEDED, 1 FAILED, 2 CANCELED."})
    static final class Watch extends ApiCommand {

        @Parameters(paramLabel = "RUN", description = "The run's id (its pipeline task id, pt-...).")
        String id;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            JsonNode ended = new RunWatch(api(), output.json() ? null : out(), RunWatch.stdoutIsATerminal()).until(id);
            if (output.json()) {
                Output.printJson(out(), ended);
            }
            return ExitCodes.ofRun(MflowApi.text(ended, "stage"));
        }
    }

    @Command(name = "cancel", description = "Cancels a whole run: each of its job tasks still going is stopped, and "
            + "the run ends CANCELED.")
    static final class Cancel extends ApiCommand {

        @Parameters(paramLabel = "RUN", description = "The run's id (its pipeline task id, pt-...).")
        String id;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            JsonNode run = api().post("/api/v1/pipeline-tasks/" + MflowApi.segment(id) + "/cancel", java.util.Map.of());
            if (output.json()) {
                Output.printJson(out(), run);
            } else {
                out().println(RunView.head(run));
                out().flush();
            }
            return ExitCodes.OK;
        }
    }
}

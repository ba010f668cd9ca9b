package io.mflow.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** What a person does to one job task besides deciding at its gate: retry it, skip it, cancel it. */
final class JobTaskCommands {

    private JobTaskCommands() {
    }

    abstract static class OnJobTask extends ApiCommand {

        @Parameters(paramLabel = "JOB_TASK", description = "The job task's id (jt-...).")
        String id;

        @Mixin
        Output output;

        abstract String action();

        abstract Map<String, Object> body();

        @Override
        public Integer call() {
            JsonNode task = api().post("/api/v1/job-tasks/" + MflowApi.segment(id) + "/" + action(), body());
            if (output.json()) {
                Output.printJson(out(), task);
            } else {
                print(JobTaskView.table(task));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "retry", description = "Starts a new attempt of a FAILED or CANCELED job task, with the params "
            + "given laid over the ones it had; a run this task alone failed resumes from it.")
    static final class Retry extends OnJobTask {

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", converter = ParamValue.Converter.class,
                description = "A param changed for the new attempt; again for each.")
        List<ParamValue> params = new ArrayList<>();

        @Option(names = {"-m", "--reason"}, paramLabel = "REASON", description = "Why, for the audit trail.")
        String reason;

        @Override
        String action() {
            return "retry";
        }

        @Override
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("params", RunPipeline.values(params));
            body.put("reason", reason);
            return body;
        }
    }

    @Command(name = "skip", description = "Marks a FAILED or PENDING job task SKIPPED: its run goes on as if it had "
            + "succeeded. A reason is required.")
    static final class Skip extends OnJobTask {

        @Option(names = {"-m", "--reason"}, paramLabel = "REASON", required = true, description = "Why.")
        String reason;

        @Override
        String action() {
            return "skip";
        }

        @Override
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", reason);
            return body;
        }
    }

    @Command(name = "cancel", description = "Stops one job task: it is CANCELING until its runner says it stopped; "
            + "its run then ends CANCELED. To cancel a whole run: mflow runs cancel RUN.")
    static final class Cancel extends OnJobTask {

        @Option(names = {"-m", "--reason"}, paramLabel = "REASON", description = "Why, for the audit trail.")
        String reason;

        @Override
        String action() {
            return "cancel";
        }

        @Override
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reason", reason);
            return body;
        }
    }
}

package io.mflow.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "run", sortOptions = false,
        description = {"Starts a run of a pipeline (POST /api/v1/pipelines/{id}/runs) with the params given over the "
                + "pipeline's own.",
                "With --wait it follows the run to its end and exits 0 when it SUCCEEDED, 1 when it FAILED, 2 when it"
                        + " was CANCELED, so another CI system can call it."},
        footer = {"", "Examples:", "  mflow run ship -p GREETING=hi --wait",
                "  mflow run pl-01a2... --dry-run -o json | jq -r .id"})
final class RunPipeline extends ApiCommand {

    @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline's id or name.")
    String pipeline;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", converter = ParamValue.Converter.class,
            description = "A param of the run; again for each. A sensitive one is sealed by the server.")
    List<ParamValue> params = new ArrayList<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "A label of the run; again for each.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Nothing runs: each runner reports what would have run.")
    boolean dryRun;

    @Option(names = "--wait", description = "Follow the run until it ends (drawn live on a terminal, a line a change"
            + " otherwise); the exit code says how it ended.")
    boolean await;

    @Mixin
    Output output;

    @Override
    public Integer call() {
        MflowApi api = api();
        String id = Pipelines.idOf(api, pipeline);
        JsonNode run = api.post("/api/v1/pipelines/" + MflowApi.segment(id) + "/runs", body(params, labels, dryRun));
        String runId = MflowApi.text(run, "id");
        if (!await) {
            if (output.json()) {
                Output.printJson(out(), run);
            } else {
                RunView.draw(run, List.of(), Instant.now()).forEach(out()::println);
                out().println("Follow it: mflow runs watch " + runId);
                out().flush();
            }
            return ExitCodes.OK;
        }
        err().println("Run " + runId + " started; following it until it ends");
        err().flush();
        JsonNode ended = new RunWatch(api, output.json() ? null : out(), RunWatch.stdoutIsATerminal()).until(runId);
        if (output.json()) {
            Output.printJson(out(), ended);
        }
        return ExitCodes.ofRun(MflowApi.text(ended, "stage"));
    }

    /** The body the API takes: {@code {"params": [{"name", "value"}], "labels": {...}, "dryRun": ...}}. */
    static Map<String, Object> body(List<ParamValue> params, Map<String, String> labels, boolean dryRun) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("params", values(params));
        body.put("labels", labels);
        body.put("dryRun", dryRun);
        return body;
    }

    static List<Map<String, String>> values(List<ParamValue> params) {
        List<Map<String, String>> values = new ArrayList<>();
        for (ParamValue param : params) {
            Map<String, String> value = new LinkedHashMap<>();
            value.put("name", param.name());
            value.put("value", param.value());
            values.add(value);
        }
        return values;
    }
}

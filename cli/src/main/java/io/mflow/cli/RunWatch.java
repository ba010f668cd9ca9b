package io.mflow.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Polls a run about once a second until it ends. On a terminal the drawing is redrawn in place (ANSI: cursor up,
 * erase below); otherwise each change is a line of its own, so a CI log or a pipe reads as a history.
 */
final class RunWatch {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final MflowApi api;
    /** Where to draw; null: draw nothing, only wait (for -o json, which prints the final run alone). */
    private final PrintWriter out;
    private final boolean terminal;

    RunWatch(MflowApi api, PrintWriter out, boolean terminal) {
        this.api = api;
        this.out = out;
        this.terminal = terminal;
    }

    /** Whether stdout is a person's terminal: the JVM gives a console only when stdin and stdout both are. */
    static boolean stdoutIsATerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** Returns the run as it ended. */
    JsonNode until(String runId) {
        int drawn = 0;
        Map<String, String> seen = RunView.newSeen();
        while (true) {
            JsonNode run = api.get("/api/v1/pipeline-tasks/" + MflowApi.segment(runId));
            List<JsonNode> jobTasks = jobTasksOf(api, runId);
            Instant now = Instant.now();
            if (out != null && terminal) {
                if (drawn > 0) {
                    out.print("\u001b[" + drawn + "A\r\u001b[J");
                }
                List<String> lines = RunView.draw(run, jobTasks, now);
                lines.forEach(out::println);
                drawn = lines.size();
            } else if (out != null) {
                RunView.changes(run, jobTasks, now, seen).forEach(out::println);
            }
            if (out != null) {
                out.flush();
            }
            if (ExitCodes.ended(MflowApi.text(run, "stage"))) {
                return run;
            }
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(ExitCodes.SOFTWARE, "interrupted");
            }
        }
    }

    /** Every job task of the run, in full (attempt, times, gates), page by page. */
    static List<JsonNode> jobTasksOf(MflowApi api, String runId) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode found = api.get("/api/v1/job-tasks" + MflowApi.query(MflowApi.params(
                    "pipelineTaskId", runId, "page", page, "size", 100)));
            RunView.iterable(found.get("items")).forEach(all::add);
            if (found.path("items").size() < 100 || all.size() >= found.path("total").asLong()) {
                return all;
            }
        }
    }
}

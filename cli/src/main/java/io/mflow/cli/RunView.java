package io.mflow.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A run drawn for a terminal: a head line with the run's stage, then its stages in order with each job task's
 * status, attempt, duration and what it waits for (parallel stages marked). Pure: the run, its job tasks and the time
 * in, lines out.
 */
final class RunView {

    private RunView() {
    }

    /** One job task as a row: where it is, how far it got, and for a gate, who must decide. */
    record TaskLine(String stage, boolean parallel, String name, String id, String status, int attempt,
                    String duration, String note) {
        /** What changes when the task moves: a change of any of these is a line for a reader who is not a terminal. */
        String state() {
            return status + " #" + attempt + " " + (note == null ? "" : note);
        }
    }

    static List<TaskLine> tasks(JsonNode run, List<JsonNode> jobTasks, Instant now) {
        Map<String, JsonNode> byId = new HashMap<>();
        jobTasks.forEach(task -> byId.put(MflowApi.text(task, "id"), task));
        List<TaskLine> lines = new ArrayList<>();
        for (JsonNode stage : iterable(run.get("stages"))) {
            boolean parallel = stage.path("parallel").asBoolean(false);
            for (JsonNode summary : iterable(stage.get("jobTasks"))) {
                String id = MflowApi.text(summary, "id");
                JsonNode full = byId.getOrDefault(id, summary);
                lines.add(new TaskLine(MflowApi.text(stage, "name"), parallel, MflowApi.text(summary, "name"), id,
                        MflowApi.text(full, "stage"), full.path("attempt").asInt(1), duration(full, now), note(full)));
            }
        }
        return lines;
    }

    /** The whole drawing: the head line, then the table of the run's job tasks by stage. */
    static List<String> draw(JsonNode run, List<JsonNode> jobTasks, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add(head(run));
        Table table = new Table("STAGE", "JOB TASK", "STATUS", "ATTEMPT", "DURATION", "ID", "NOTE");
        String previousStage = null;
        for (TaskLine task : tasks(run, jobTasks, now)) {
            String stage = task.stage().equals(previousStage) ? ""
                    : task.stage() + (task.parallel() ? " (parallel)" : "");
            previousStage = task.stage();
            table.row(stage.isEmpty() ? " " : stage, task.name(), task.status(), task.attempt(), task.duration(),
                    task.id(), task.note());
        }
        lines.addAll(table.lines());
        return lines;
    }

    static String head(JsonNode run) {
        String message = MflowApi.text(run, "message");
        return "Run " + MflowApi.text(run, "id") + " of " + MflowApi.text(run, "pipelineName") + ": "
                + MflowApi.text(run, "stage") + (run.path("dryRun").asBoolean(false) ? " (dry run)" : "")
                + (message == null || message.isBlank() ? "" : " - " + message);
    }

    /**
     * The lines for a reader who is not a terminal: one per job task whose status, attempt or gate changed since
     * {@code seen} (which is updated), and one when the run's own stage changed.
     */
    static List<String> changes(JsonNode run, List<JsonNode> jobTasks, Instant now, Map<String, String> seen) {
        List<String> lines = new ArrayList<>();
        for (TaskLine task : tasks(run, jobTasks, now)) {
            if (!task.state().equals(seen.put(task.id(), task.state()))) {
                lines.add(task.stage() + "/" + task.name() + " " + task.status() + " attempt " + task.attempt()
                        + (task.duration() == null ? "" : " " + task.duration())
                        + (task.note() == null ? "" : " (" + task.note() + ")") + " " + task.id());
            }
        }
        String runState = MflowApi.text(run, "stage");
        if (!runState.equals(seen.put("run", runState))) {
            lines.add(head(run));
        }
        return lines;
    }

    /** A gate that holds the task, by who must decide; else the task's message when it failed or was canceled. */
    static String note(JsonNode task) {
        for (String gate : List.of("audit", "confirm")) {
            JsonNode view = task.get(gate);
            if (view != null && "WAITING".equals(MflowApi.text(view, "stage"))) {
                JsonNode people = view.get("audit".equals(gate) ? "auditors" : "checkers");
                List<String> names = new ArrayList<>();
                iterable(people).forEach(person -> names.add(person.asString()));
                return gate + " waits for " + (names.isEmpty() ? "someone" : String.join(", ", names));
            }
        }
        String stage = MflowApi.text(task, "stage");
        if ("FAILED".equals(stage) || "CANCELED".equals(stage) || "SKIPPED".equals(stage)) {
            return MflowApi.text(task, "message");
        }
        return null;
    }

    /** From its start to its end, or to now while it runs; null before it started. */
    static String duration(JsonNode task, Instant now) {
        String started = MflowApi.text(task, "startedAt");
        if (started == null) {
            return null;
        }
        String finished = MflowApi.text(task, "finishedAt");
        Instant end = finished == null ? now : Instant.parse(finished);
        return shown(Duration.between(Instant.parse(started), end));
    }

    /** 850ms, 12s, 3m05s, 1h02m: as precise as a person reading it cares. */
    static String shown(Duration duration) {
        if (duration.isNegative()) {
            duration = Duration.ZERO;
        }
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            return duration.toMillis() + "ms";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    static Iterable<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(items::add);
        }
        return items;
    }

    static Map<String, String> newSeen() {
        return new LinkedHashMap<>();
    }
}

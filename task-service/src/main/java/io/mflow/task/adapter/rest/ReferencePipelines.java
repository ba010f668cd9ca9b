package io.mflow.task.adapter.rest;

import static io.mflow.task.adapter.rest.ReferenceParams.copy;
import static io.mflow.task.adapter.rest.ReferenceTranslation.NODES;
import static io.mflow.task.adapter.rest.ReferenceTranslation.each;
import static io.mflow.task.adapter.rest.ReferenceTranslation.flag;
import static io.mflow.task.adapter.rest.ReferenceTranslation.text;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pipeline in the reference's shape (its {@code CreatePipelineRequest}, as its repository keeps them in YAML) read
 * as mflow's pipeline request, and written back. {@code docs/reference-format.md} maps every field.
 */
final class ReferencePipelines {

    private static final Map<String, String> FIELDS = Map.of("name", "name", "namespace", "namespace",
            "description", "description", "labels", "labels", "lane", "lane", "schedules", "schedules");
    /** Where a schedule stands: an answer's, not part of a definition kept in git. */
    private static final List<String> SCHEDULE_STATE = List.of("nextDueAt", "lastDueAt", "lastFiredAt", "lastRunId",
            "lastProblem");
    private static final Map<String, String> NO_EFFECT = Map.ofEntries(
            Map.entry("domain", "mflow has no domains; namespaces keep teams apart"),
            Map.entry("create_by", "mflow records who defined a pipeline from the caller's token"),
            Map.entry("logo", "mflow shows no icons"),
            Map.entry("required_approval", "mflow approves runs at each task's audit gate"),
            Map.entry("is_parallel", "runs of a pipeline run side by side unless it has a lane, which keeps one run"
                    + " per value of a param at a time"),
            Map.entry("is_template", "every mflow pipeline can run"),
            Map.entry("visiable_mode", "who sees a pipeline follows the roles of its namespace"),
            Map.entry("next_pipeline", "unused in the reference too"),
            Map.entry("extension", "mflow keeps no free-form extensions"),
            Map.entry("meta", "mflow gives a pipeline its own id and times"));
    private static final Map<String, String> TASK_NO_EFFECT = Map.ofEntries(
            Map.entry("extension", "mflow keeps no free-form extensions (icons are not shown)"),
            Map.entry("labels", "a task's labels come from its run and its job's search-label params"),
            Map.entry("number", "mflow numbers tasks by their place in the stage"),
            Map.entry("task_id", "mflow gives each job task its own id when the pipeline runs"),
            Map.entry("job_id", "read only when job_name is absent"),
            Map.entry("stage_name", "a task belongs to the stage it is written in"),
            Map.entry("stage_number", "a task belongs to the stage it is written in"),
            Map.entry("run_mode", "unused in the reference too"),
            Map.entry("rollback_params", "unused in the reference too"),
            Map.entry("domain", "mflow has no domains"), Map.entry("namespace", "a task runs in its pipeline's"),
            Map.entry("run_by", "mflow records who started a run from the caller's token"),
            Map.entry("update_token", "mflow issues every attempt its own update token"),
            Map.entry("pipeline_task", "set when the pipeline runs"), Map.entry("job", "a snapshot for display"));

    private ReferencePipelines() {
    }

    /** Whether a pipeline body is written in the reference's shape rather than mflow's. */
    static boolean isReference(JsonNode body) {
        if (!body.isObject()) {
            return false;
        }
        if (body.has("spec") || body.has("with") || body.propertyNames().stream().anyMatch(n -> n.contains("_"))) {
            return true;
        }
        for (JsonNode stage : each(body, "stages")) {
            if (stage.has("jobs") || stage.has("is_parallel")) {
                return true;
            }
        }
        return false;
    }

    static Translated toMflow(JsonNode document) {
        ReferenceTranslation translation = new ReferenceTranslation();
        JsonNode spec = document;
        String path = "";
        if (document.has("spec") && document.get("spec").isObject()) {
            spec = document.get("spec");
            path = "spec.";
            translation.carry(document, NODES.objectNode(), Map.of(), Set.of("spec"), "", NO_EFFECT);
        }
        ObjectNode pipeline = NODES.objectNode();
        translation.carry(spec, pipeline, FIELDS, Set.of("with", "stages", "webhooks", "mention_users"), path,
                NO_EFFECT);
        if (spec.has("with")) {
            pipeline.set("params", scopedParams(spec, "with", path + "with", translation));
        }
        ArrayNode stages = pipeline.putArray("stages");
        int s = 0;
        for (JsonNode stage : each(spec, "stages")) {
            stages.add(stage(stage, path + "stages[" + s++ + "].", translation));
        }
        webhooks(spec, pipeline, path, translation);
        return new Translated(pipeline, translation.warnings());
    }

    private static ObjectNode stage(JsonNode stage, String path, ReferenceTranslation translation) {
        ObjectNode out = NODES.objectNode();
        translation.carry(stage, out, Map.of("name", "name", "is_parallel", "parallel"), Set.of("jobs", "tasks"),
                path, Map.of("with", "unused in the reference too; give params on the pipeline or the task",
                        "number", "mflow numbers stages by their place"));
        ArrayNode tasks = out.putArray("tasks");
        String field = stage.has("jobs") ? "jobs" : "tasks";
        int t = 0;
        for (JsonNode task : each(stage, field)) {
            tasks.add(task(task, path + field + "[" + t++ + "].", translation));
        }
        return out;
    }

    private static ObjectNode task(JsonNode task, String path, ReferenceTranslation translation) {
        ObjectNode out = NODES.objectNode();
        translation.carry(task, out, Map.of("task_name", "name", "ignore_failed", "ignoreFailed", "skip_run", "skip",
                        "timeout", "timeout", "retry", "retry"),
                Set.of("job_name", "job_id", "run_params", "webhooks", "im_robot_notify", "mention_users", "audit",
                        "confirm"), path, TASK_NO_EFFECT);
        JsonNode runParams = task.path("run_params");
        String jobName = text(task, "job_name");
        if (jobName == null && text(task, "job_id") != null) {
            jobName = "#" + text(task, "job_id");
        }
        out.put("job", ReferenceParams.jobReference(jobName, text(runParams, "version"), path + "job_name",
                translation));
        if (runParams.isObject()) {
            translation.carry(runParams, NODES.objectNode(), Map.of(), Set.of("params", "version", "ignore_failed"),
                    path + "run_params.", Map.of("dry_run", "a run asks for a dry run, not its definition"));
            if (flag(runParams, "ignore_failed") && !out.has("ignoreFailed")) {
                out.put("ignoreFailed", true);
            }
            ArrayNode params = out.putArray("params");
            int p = 0;
            for (JsonNode param : each(runParams, "params")) {
                ObjectNode value = params.addObject();
                translation.carry(param, value, Map.of("name", "name", "value", "value"), Set.of(),
                        path + "run_params.params[" + p++ + "].",
                        Map.of("desc", "a task's value is described by its job's param",
                                "name_desc", "a task's value is described by its job's param",
                                "param_scope", "a task's values apply to it alone"));
            }
        }
        webhooks(task, out, path, translation);
        gate(task, "audit", "auditors", out, path, translation);
        gate(task, "confirm", "checkers", out, path, translation);
        return out;
    }

    /** A pipeline's {@code with}: its params for every run, each limited to a stage or task by its scope. */
    private static ArrayNode scopedParams(JsonNode owner, String field, String path, ReferenceTranslation translation) {
        ArrayNode params = NODES.arrayNode();
        int i = 0;
        for (JsonNode param : each(owner, field)) {
            String at = path + "[" + i++ + "].";
            ObjectNode out = params.addObject();
            translation.carry(param, out, Map.of("name", "name", "value", "value"), Set.of("param_scope"), at,
                    Map.of("desc", "not kept on a pipeline's params", "name_desc", "not kept on a pipeline's params"));
            JsonNode scope = param.path("param_scope");
            String stage = text(scope, "stage");
            String task = text(scope, "task");
            if (stage != null && !List.of("", "*", "0").contains(stage)) {
                ObjectNode shown = out.putObject("scope");
                shown.put("stage", stage);
                if (task != null && !List.of("", "*", "0").contains(task)) {
                    shown.put("task", task);
                }
            }
            if (scope.has("label")) {
                translation.warn(at + "param_scope.label", "unused in the reference too");
            }
        }
        return params;
    }

    /** {@code webhooks} and {@code im_robot_notify} are both mflow webhooks (a robot is told apart by its host). */
    private static void webhooks(JsonNode from, ObjectNode to, String path, ReferenceTranslation translation) {
        ArrayNode hooks = NODES.arrayNode();
        for (String field : List.of("webhooks", "im_robot_notify")) {
            int i = 0;
            for (JsonNode hook : each(from, field)) {
                String at = path + field + "[" + i++ + "].";
                ObjectNode out = hooks.addObject();
                translation.carry(hook, out, Map.of("url", "url", "header", "headers", "events", "events",
                                "type", "type", "secret", "secret"), Set.of(), at,
                        Map.of("description", "mflow names a webhook by its address",
                                "scope", "unused in the reference too", "status", "mflow records each delivery itself",
                                "is_enabled", "a webhook mflow has is tried; disable it by removing it"));
                boolean sealed = ReferenceTranslation.isSealed(hook.get("secret"));
                for (JsonNode value : hook.path("header").values()) {
                    sealed |= ReferenceTranslation.isSealed(value);
                }
                if (sealed) {
                    throw io.mflow.task.app.RequestRefused.invalid(at + "header or secret is "
                            + ReferenceTranslation.SEALED + ": fill in the secret; an export never carries one");
                }
            }
        }
        if (!hooks.isEmpty()) {
            to.set("webhooks", hooks);
        }
        ArrayNode mentions = NODES.arrayNode();
        int i = 0;
        for (JsonNode mention : each(from, "mention_users")) {
            String at = path + "mention_users[" + i++ + "].";
            ObjectNode out = mentions.addObject();
            translation.carry(mention, out, Map.of("user_name", "user", "events", "events"), Set.of(), at,
                    Map.of("notify_types", "mflow tells mentioned users by e-mail",
                            "description", "not included in messages in the reference either",
                            "scope", "unused in the reference too", "status", "mflow records each delivery itself"));
        }
        if (!mentions.isEmpty()) {
            to.set("mentions", mentions);
        }
    }

    /** The reference's {@code {enable, auditors}}: a gate only when enabled with someone at it, as there. */
    private static void gate(JsonNode task, String field, String people, ObjectNode to, String path,
                             ReferenceTranslation translation) {
        JsonNode gate = task.get(field);
        if (gate == null || !gate.isObject() || gate.has("enable") && !flag(gate, "enable")) {
            return;
        }
        if (gate.path(people).isEmpty()) {
            translation.warn(path + field, "a gate without " + people + " passes at once in the reference; mflow"
                    + " sets none");
            return;
        }
        ObjectNode out = NODES.objectNode();
        translation.carry(gate, out, Map.of(people, people, "approvals", "approvals",
                        "allow_self_approval", "allowSelfApproval"), Set.of("enable"), path + field + ".",
                Map.of("scope", "unused in the reference too", "status", "a definition has no decision yet"));
        to.set(field, out);
    }

    /** A pipeline as mflow answers it ({@code GET /api/v1/pipelines/{id}}), in the reference's shape. */
    static ObjectNode toReference(JsonNode pipeline) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, String> field : FIELDS.entrySet()) {
            copy(pipeline, field.getValue(), out, field.getKey());
        }
        // mflow's own, as lane is: the reference has no schedules, so they keep mflow's shape
        if (out.get("schedules") instanceof ArrayNode schedules) {
            ArrayNode definitions = out.putArray("schedules");
            for (JsonNode schedule : schedules.values()) {
                ObjectNode definition = (ObjectNode) schedule.deepCopy();
                definition.remove(SCHEDULE_STATE);
                definitions.add(definition);
            }
        }
        if (pipeline.has("params")) {
            ArrayNode with = out.putArray("with");
            for (JsonNode param : pipeline.get("params").values()) {
                ObjectNode shown = with.addObject();
                copy(param, "name", shown, "name");
                copy(param, "value", shown, "value");
                if (param.has("scope")) {
                    ObjectNode scope = shown.putObject("param_scope");
                    copy(param.get("scope"), "stage", scope, "stage");
                    copy(param.get("scope"), "task", scope, "task");
                }
            }
        }
        ArrayNode stages = out.putArray("stages");
        for (JsonNode stage : pipeline.path("stages").values()) {
            ObjectNode shown = stages.addObject();
            copy(stage, "name", shown, "name");
            if (flag(stage, "parallel")) {
                shown.put("is_parallel", true);
            }
            ArrayNode jobs = shown.putArray("jobs");
            for (JsonNode task : stage.path("tasks").values()) {
                jobs.add(taskToReference(task));
            }
        }
        hooksToReference(pipeline, out);
        return ReferenceJobs.ordered(out, List.of("name", "namespace", "description", "labels", "lane", "schedules", "with",
                "stages", "webhooks", "mention_users"));
    }

    private static ObjectNode taskToReference(JsonNode task) {
        ObjectNode out = NODES.objectNode();
        copy(task, "name", out, "task_name");
        out.put("job_name", ReferenceParams.referenceJobName(text(task, "job")));
        for (String flagged : List.of("ignoreFailed:ignore_failed", "skip:skip_run")) {
            String[] names = flagged.split(":");
            if (flag(task, names[0])) {
                out.put(names[1], true);
            }
        }
        if (!task.path("params").isEmpty()) {
            out.putObject("run_params").set("params", task.get("params"));
        }
        hooksToReference(task, out);
        for (String gate : List.of("audit:auditors", "confirm:checkers")) {
            String[] names = gate.split(":");
            JsonNode decided = task.get(names[0]);
            if (decided != null && decided.isObject()) {
                ObjectNode shown = out.putObject(names[0]);
                shown.put("enable", true);
                copy(decided, names[1], shown, names[1]);
                copy(decided, "approvals", shown, "approvals");
                if (flag(decided, "allowSelfApproval")) {
                    shown.put("allow_self_approval", true);
                }
            }
        }
        copy(task, "timeout", out, "timeout");
        copy(task, "retry", out, "retry");
        return out;
    }

    private static void hooksToReference(JsonNode from, ObjectNode to) {
        if (!from.path("webhooks").isEmpty()) {
            ArrayNode hooks = to.putArray("webhooks");
            for (JsonNode hook : from.get("webhooks").values()) {
                ObjectNode shown = hooks.addObject();
                copy(hook, "url", shown, "url");
                copy(hook, "headers", shown, "header");
                copy(hook, "events", shown, "events");
                copy(hook, "type", shown, "type");
                copy(hook, "secret", shown, "secret");
            }
        }
        if (!from.path("mentions").isEmpty()) {
            ArrayNode mentions = to.putArray("mention_users");
            for (JsonNode mention : from.get("mentions").values()) {
                ObjectNode shown = mentions.addObject();
                copy(mention, "user", shown, "user_name");
                copy(mention, "events", shown, "events");
            }
        }
    }
}

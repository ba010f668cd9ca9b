package io.mflow.task.adapter.rest;

import static io.mflow.task.adapter.rest.ReferenceParams.copy;
import static io.mflow.task.adapter.rest.ReferenceTranslation.NODES;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A job in the reference's shape (its {@code CreateJobRequest}, or the {@code {meta, spec, status}} its API answers)
 * read as mflow's job request, and written back. {@code docs/reference-format.md} maps every field.
 */
final class ReferenceJobs {

    /** mflow's own fields an export writes (no reference field carries them), so a round trip keeps them. */
    private static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("name", "name"),
            Map.entry("namespace", "namespace"), Map.entry("version", "version"),
            Map.entry("description", "description"), Map.entry("labels", "labels"),
            Map.entry("runner_type", "runnerType"), Map.entry("runner_spec", "runnerSpec"),
            Map.entry("manual_update_status", "manualStatus"), Map.entry("timeout", "timeout"),
            Map.entry("retry", "retry"), Map.entry("agent_tags", "agentTags"), Map.entry("audit", "audit"));
    private static final Map<String, String> NO_EFFECT = Map.ofEntries(
            Map.entry("domain", "mflow has no domains; namespaces keep teams apart"),
            Map.entry("create_by", "mflow records who defined a job from the caller's token"),
            Map.entry("logo", "mflow shows no icons"), Map.entry("icon", "mflow shows no icons"),
            Map.entry("display_name", "mflow shows a job by its name"),
            Map.entry("readme", "mflow keeps no readme; write it into description"),
            Map.entry("document_url", "mflow keeps no document address; write it into description"),
            Map.entry("visiable_mode", "who sees a job follows the roles of its namespace"),
            Map.entry("allow_rollback", "unused in the reference too"),
            Map.entry("rollback_param", "unused in the reference too"),
            Map.entry("extension", "mflow keeps no free-form extensions"),
            Map.entry("meta", "mflow gives a job its own id and times"),
            Map.entry("status", "mflow keeps a job's versions itself; status.version is read as its version"));

    private ReferenceJobs() {
    }

    /** Whether a job body is written in the reference's shape rather than mflow's. */
    static boolean isReference(JsonNode body) {
        return body.isObject() && (body.has("spec") || body.propertyNames().stream().anyMatch(n -> n.contains("_")));
    }

    static Translated toMflow(JsonNode document) {
        ReferenceTranslation translation = new ReferenceTranslation();
        ObjectNode job = NODES.objectNode();
        JsonNode spec = document;
        String path = "";
        if (document.has("spec") && document.get("spec").isObject()) {
            spec = document.get("spec");
            path = "spec.";
            String version = ReferenceTranslation.text(document.path("status"), "version");
            if (version != null && !spec.has("version")) {
                job.put("version", version);
            }
            translation.carry(document, NODES.objectNode(), Map.of(), Set.of("spec", "status"), "", NO_EFFECT);
        }
        translation.carry(spec, job, FIELDS, Set.of("run_params"), path, NO_EFFECT);
        if (!job.has("runnerType")) {
            job.put("runnerType", "K8S_JOB"); // the reference's default, and its only runner
        }
        if (spec.has("run_params") && spec.get("run_params").isObject()) {
            job.set("params", ReferenceParams.jobParams(spec.get("run_params"), path + "run_params.", translation));
        }
        return new Translated(job, translation.warnings());
    }

    /** A job as mflow answers it ({@code GET /api/v1/jobs/{id}}), in the reference's shape. */
    static ObjectNode toReference(JsonNode job) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, String> field : FIELDS.entrySet()) {
            copy(job, field.getValue(), out, field.getKey());
        }
        if (!ReferenceTranslation.flag(job, "manualStatus")) {
            out.remove("manual_update_status");
        }
        if (job.has("params")) {
            out.set("run_params", ReferenceParams.toReference(job.get("params")));
        }
        return ordered(out, List.of("name", "namespace", "version", "description", "labels", "runner_type",
                "manual_update_status", "run_params", "timeout", "retry", "agent_tags", "audit", "runner_spec"));
    }

    /** The fields in the order a reader expects them, the long runner spec last. */
    static ObjectNode ordered(ObjectNode node, List<String> order) {
        ObjectNode out = NODES.objectNode();
        for (String name : order) {
            if (node.has(name)) {
                out.set(name, node.get(name));
            }
        }
        return out;
    }
}

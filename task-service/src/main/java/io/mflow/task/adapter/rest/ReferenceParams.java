package io.mflow.task.adapter.rest;

import static io.mflow.task.adapter.rest.ReferenceTranslation.NODES;
import static io.mflow.task.adapter.rest.ReferenceTranslation.each;
import static io.mflow.task.adapter.rest.ReferenceTranslation.text;

import io.mflow.task.app.RequestRefused;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A job's run params and job references, between the reference's shape and mflow's. */
final class ReferenceParams {

    /** The reference stores PARAM_VALUE_TYPE as its number in MongoDB; a document exported from there has those. */
    private static final List<String> VALUE_TYPES =
            List.of("TEXT", "BOOLEAN", "ENUM", "HTTP_ENUM", "K8S_CONFIG_MAP", "K8S_SECRET");

    private static final Map<String, String> PARAM_FIELDS = Map.of("name", "name", "value", "value",
            "required", "required", "is_sensitive", "sensitive", "read_only", "readOnly", "desc", "description",
            "name_desc", "description", "search_label", "searchLabel");
    private static final Map<String, String> PARAM_NO_EFFECT = Map.of(
            "example", "mflow keeps no example values; write it into desc",
            "value_desc", "mflow keeps one description per param (desc)",
            "event_inject", "mflow marks injected values itself when an event starts a run",
            "extensions", "mflow keeps no free-form extensions",
            "deprecate", "unused in the reference too", "deprecate_desc", "unused in the reference too",
            "http_enum_config", "mflow does not fetch options from an address; list them in enum_options",
            "param_scope", "a job's params apply to every task of it; scopes apply to a pipeline's params");

    private ReferenceParams() {
    }

    /** A job's {@code run_params} ({@code {params: [...]}}) as mflow's {@code params}. */
    static ArrayNode jobParams(JsonNode runParams, String path, ReferenceTranslation translation) {
        ArrayNode params = NODES.arrayNode();
        translation.carry(runParams, NODES.objectNode(), Map.of(), Set.of("params"), path,
                Map.of("dry_run", "a job has no dry run of its own; a run asks for one",
                        "ignore_failed", "a job fails or not; a pipeline's task may ignore its failure"));
        int i = 0;
        for (JsonNode param : each(runParams, "params")) {
            params.add(jobParam(param, path + "params[" + i++ + "].", translation));
        }
        return params;
    }

    private static ObjectNode jobParam(JsonNode param, String path, ReferenceTranslation translation) {
        ObjectNode out = NODES.objectNode();
        translation.carry(param, out, PARAM_FIELDS, Set.of("value_type", "enum_options", "usage_type"), path,
                PARAM_NO_EFFECT);
        if (ReferenceTranslation.flag(param, "is_sensitive") && ReferenceTranslation.isSealed(param.get("value"))) {
            throw RequestRefused.invalid(path + "value is " + ReferenceTranslation.SEALED
                    + ": fill in the secret; an export never carries one");
        }
        JsonNode type = param.get("value_type");
        if (type != null && !type.isNull()) {
            out.put("type", type.isIntegralNumber() && type.intValue() >= 0 && type.intValue() < VALUE_TYPES.size()
                    ? VALUE_TYPES.get(type.intValue()) : type.asString().trim().toUpperCase(Locale.ROOT));
        }
        ArrayNode options = NODES.arrayNode();
        int i = 0;
        for (JsonNode option : each(param, "enum_options")) {
            ObjectNode shown = options.addObject();
            translation.carry(option, shown, Map.of("value", "value", "label", "label"), Set.of(),
                    path + "enum_options[" + i++ + "].", Map.of("extensions", "mflow keeps no free-form extensions"));
        }
        if (!options.isEmpty()) {
            out.set("options", options);
        }
        usage(text(param, "name"), text(param, "usage_type"), path, translation);
        return out;
    }

    /**
     * mflow decides how a param is used by its name: a lower-case first letter fills {@code ${name}} in the runner
     * spec (the reference's TEMPLATE), any other is passed as an environment variable (ENV). A usage the name does
     * not give is said, not silently changed.
     */
    private static void usage(String name, String usage, String path, ReferenceTranslation translation) {
        if (usage == null || name == null || name.isEmpty()) {
            return;
        }
        boolean template = Character.isLowerCase(name.charAt(0));
        String named = usage.trim().toUpperCase(Locale.ROOT);
        if (named.equals("ENV") && !template || named.equals("TEMPLATE") && template) {
            return;
        }
        translation.warn(path + "usage_type", switch (named) {
            case "ENV", "TEMPLATE" -> "mflow fills ${name} in the runner spec from params whose names start with a"
                    + " lower-case letter and passes the others as environment variables; " + name + " is used as "
                    + (template ? "TEMPLATE" : "ENV");
            default -> "mflow has no " + named + " params; " + name + " is used as " + (template ? "TEMPLATE" : "ENV");
        });
    }

    /** mflow's params of a job as the reference's {@code run_params}. */
    static ObjectNode toReference(JsonNode params) {
        ObjectNode runParams = NODES.objectNode();
        ArrayNode out = runParams.putArray("params");
        for (JsonNode param : params == null ? List.<JsonNode>of() : params.values()) {
            ObjectNode shown = out.addObject();
            copy(param, "name", shown, "name");
            copy(param, "value", shown, "value");
            copy(param, "description", shown, "desc");
            copy(param, "type", shown, "value_type");
            for (String flag : List.of("required:required", "sensitive:is_sensitive", "readOnly:read_only",
                    "searchLabel:search_label")) {
                String[] names = flag.split(":");
                if (ReferenceTranslation.flag(param, names[0])) {
                    shown.put(names[1], true);
                }
            }
            if (param.has("options") && !param.get("options").isEmpty()) {
                shown.set("enum_options", param.get("options"));
            }
        }
        return runParams;
    }

    /**
     * The reference names a job {@code name@namespace.domain[:version]} or {@code #id}; mflow
     * {@code [namespace/]name[:version]} or its id. mflow has no domains: one other than {@code default} is said.
     */
    static String jobReference(String referenceName, String versionPin, String path, ReferenceTranslation translation) {
        if (referenceName == null) {
            return null;
        }
        if (referenceName.startsWith("#")) {
            return referenceName.substring(1);
        }
        String name = referenceName;
        String version = null;
        int colon = name.lastIndexOf(':');
        if (colon > 0) {
            version = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String namespace = null;
        int at = name.indexOf('@');
        if (at > 0) {
            String scope = name.substring(at + 1);
            name = name.substring(0, at);
            int dot = scope.indexOf('.');
            namespace = dot < 0 ? scope : scope.substring(0, dot);
            String domain = dot < 0 ? null : scope.substring(dot + 1);
            if (domain != null && !domain.equals("default")) {
                translation.warn(path, "mflow has no domains; domain '" + domain + "' is not kept");
            }
        }
        if (versionPin != null && !versionPin.isBlank()) {
            if (version != null && !version.equals(versionPin)) {
                translation.warn(path, "run_params.version " + versionPin + " differs from the version in job_name; "
                        + version + " is used");
            } else {
                version = versionPin;
            }
        }
        return (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name
                + (version == null || version.isEmpty() ? "" : ":" + version);
    }

    /** mflow's {@code [namespace/]name[:version]} as the reference's {@code name@namespace.default[:version]}. */
    static String referenceJobName(String mflowReference) {
        if (mflowReference == null) {
            return null;
        }
        String namespace = "default";
        String rest = mflowReference;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            namespace = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        int colon = rest.lastIndexOf(':');
        String name = colon > 0 ? rest.substring(0, colon) : rest;
        String version = colon > 0 ? rest.substring(colon) : "";
        return name + "@" + namespace + ".default" + version;
    }

    static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull() && !(value.isString() && value.stringValue().isEmpty())) {
            to.set(as, value);
        }
    }
}

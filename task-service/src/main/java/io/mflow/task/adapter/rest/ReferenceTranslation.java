package io.mflow.task.adapter.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One reading of a document in the reference's shape: the fields it carries over into mflow's, and a warning for
 * each field it read that has no effect in mflow, so nothing a team wrote is dropped without a word.
 */
final class ReferenceTranslation {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What an export writes where mflow keeps a value sealed; it is never read back as a value. */
    static final String SEALED = "******";

    private final List<String> warnings = new ArrayList<>();

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    void warn(String path, String why) {
        warnings.add(path + ": " + why);
    }

    /**
     * Copies {@code renames} (reference field to mflow field) from {@code from} to {@code to}, and warns of every
     * other field of {@code from} that neither {@code handled} nor the renames name: "accepted, no effect".
     */
    void carry(JsonNode from, ObjectNode to, Map<String, String> renames, Set<String> handled, String path,
               Map<String, String> noEffect) {
        for (Map.Entry<String, JsonNode> field : from.properties()) {
            String name = field.getKey();
            if (renames.containsKey(name)) {
                if (!field.getValue().isNull()) {
                    to.set(renames.get(name), field.getValue());
                }
            } else if (!handled.contains(name)) {
                String why = noEffect.get(name);
                warn(path + name, why != null ? why : "not a field mflow knows; ignored");
            }
        }
    }

    /** The field as text, or null when it is absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asString() : value.toString();
    }

    static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && (value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asString()));
    }

    static Iterable<JsonNode> each(JsonNode node, String field) {
        JsonNode list = node.get(field);
        return list == null || !list.isArray() ? List.of() : list.values();
    }

    static boolean isSealed(JsonNode value) {
        return value != null && value.isString() && SEALED.equals(value.stringValue());
    }
}

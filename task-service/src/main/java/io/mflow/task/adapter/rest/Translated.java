package io.mflow.task.adapter.rest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** A body in mflow's own shape, read from one in the reference's, and what of it has no effect in mflow. */
record Translated(JsonNode body, List<String> warnings) {
    Translated {
        warnings = List.copyOf(warnings);
    }
}

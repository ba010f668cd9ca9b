package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.Lane;
import java.util.List;
import org.springframework.data.annotation.Id;

/** A lane as stored: its id is the pipeline's and the lane value's, so there is one per (pipeline, value). */
record LaneDocument(@Id String id, String pipelineId, String value, String holder, List<String> line, long version) {

    static String idOf(String pipelineId, String value) {
        // pipeline ids have no ':' (pl-...), so the first ':' parts them from any value
        return pipelineId + ":" + value;
    }

    static LaneDocument of(Lane lane) {
        return new LaneDocument(idOf(lane.pipelineId(), lane.value()), lane.pipelineId(), lane.value(), lane.holder(),
                lane.line(), lane.version());
    }

    Lane toDomain() {
        return new Lane(pipelineId, value, holder, line == null ? List.of() : line, version);
    }
}

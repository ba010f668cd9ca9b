package io.mflow.pipeline.adapter.mongo;

import io.mflow.pipeline.app.OutboxEntry;
import io.mflow.pipeline.domain.Conclusion;
import io.mflow.pipeline.domain.StagePlan;
import io.mflow.pipeline.domain.TaskProgress;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A pipeline run as stored. Maps become lists of pairs because their keys (labels, output names) may contain dots,
 * which MongoDB field names cannot.
 */
@Document(RunDocument.COLLECTION)
record RunDocument(@Id String id, long version, String pipelineName, boolean dryRun, List<Pair> labels,
                   List<StagePlan> stages, List<TaskProgress> tasks, List<Pair> outputs, List<String> appliedEventIds,
                   boolean cancelRequested, Conclusion conclusion, List<OutboxEntry> outbox) {

    static final String COLLECTION = "pipeline_runs";

    record Pair(String name, String value) {
    }
}

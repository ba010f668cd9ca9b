package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.app.Page;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Pipeline tasks: what the seam writes ({@link AggregateStore}) and what readers ask for ({@link PipelineTasks}). */
@Component
public class MongoPipelineTasks implements PipelineTasks, AggregateStore<PipelineTask> {

    public static final String COLLECTION = "pipeline_tasks";

    private final MongoTemplate mongo;

    MongoPipelineTasks(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("pipelineId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
    }

    @Override
    public Optional<Stored<PipelineTask>> read(String id) {
        return Optional.ofNullable(mongo.findById(id, PipelineTaskDocument.class, COLLECTION))
                .map(document -> new Stored<>(document.toDomain(), document.version()));
    }

    @Override
    public boolean insert(PipelineTask task, List<OutboxEntry> outbox) {
        return StateDocuments.insert(mongo, COLLECTION, PipelineTaskDocument.of(task, Stored.FIRST_VERSION), outbox);
    }

    @Override
    public boolean update(PipelineTask next, long expectedVersion, List<OutboxEntry> outbox) {
        return StateDocuments.update(mongo, COLLECTION, next.id(), expectedVersion,
                PipelineTaskDocument.of(next, expectedVersion + 1), outbox);
    }

    @Override
    public Optional<PipelineTask> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, PipelineTaskDocument.class, COLLECTION))
                .map(PipelineTaskDocument::toDomain);
    }

    @Override
    public List<String> unfinished(String pipelineId, int limit) {
        List<String> complete = Arrays.stream(Status.values()).filter(Status::isComplete).map(Enum::name)
                .toList();
        Query query = new Query(where("pipelineId").is(pipelineId).and("stage").nin(complete)).limit(limit);
        query.fields().include("_id");
        return mongo.find(query, Document.class, COLLECTION).stream().map(d -> d.getString("_id"))
                .toList();
    }

    @Override
    public Page<PipelineTask> page(String pipelineId, Status stage, Map<String, String> labels, int page, int size) {
        Query query = Paging.labelled(new Query(), labels);
        if (pipelineId != null && !pipelineId.isBlank()) {
            query.addCriteria(where("pipelineId").is(pipelineId));
        }
        if (stage != null) {
            query.addCriteria(where("stage").is(stage.name()));
        }
        return Paging.page(mongo, query, PipelineTaskDocument.class, COLLECTION, page, size)
                .map(PipelineTaskDocument::toDomain);
    }
}

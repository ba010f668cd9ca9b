package io.mflow.task.adapter.mongo;

import io.mflow.task.app.Page;
import io.mflow.task.app.Pipelines;
import io.mflow.task.domain.Pipeline;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

@Component
class MongoPipelines implements Pipelines {

    static final String COLLECTION = "pipelines";

    private final MongoTemplate mongo;

    MongoPipelines(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void add(Pipeline pipeline) {
        mongo.insert(PipelineDocument.of(pipeline), COLLECTION);
    }

    @Override
    public Optional<Pipeline> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, PipelineDocument.class, COLLECTION))
                .map(PipelineDocument::toDomain);
    }

    @Override
    public Page<Pipeline> page(int page, int size, Map<String, String> labels) {
        return Paging.page(mongo, Paging.labelled(new Query(), labels), PipelineDocument.class, COLLECTION, page, size)
                .map(PipelineDocument::toDomain);
    }
}

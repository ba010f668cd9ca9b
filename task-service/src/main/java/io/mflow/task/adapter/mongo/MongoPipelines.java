package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.Page;
import io.mflow.task.app.Pipelines;
import io.mflow.task.domain.Pipeline;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
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
    public boolean replace(Pipeline next, int revision) {
        // a document stored before revisions has none: it is at revision 1
        Criteria atRevision = revision == 1
                ? new Criteria().orOperator(where("revision").is(1), where("revision").exists(false))
                : where("revision").is(revision);
        return mongo.findAndReplace(query(where("_id").is(next.id()).andOperator(atRevision)),
                PipelineDocument.of(next), COLLECTION) != null;
    }

    @Override
    public boolean remove(String id) {
        return mongo.remove(query(where("_id").is(id)), COLLECTION).getDeletedCount() == 1;
    }

    @Override
    public List<Pipeline> referringTo(String namespace, String name, List<String> jobIds) {
        String reference = "^" + Pattern.quote(namespace + "/" + name) + "(:.*)?$";
        return mongo.find(query(new Criteria().orOperator(where("stages.tasks.jobReference").regex(reference),
                        where("stages.tasks.jobId").in(jobIds))), PipelineDocument.class, COLLECTION)
                .stream().map(PipelineDocument::toDomain).toList();
    }

    @Override
    public List<Pipeline> scheduled() {
        return mongo.find(query(where("schedules").exists(true).ne(null)), PipelineDocument.class, COLLECTION).stream()
                .map(PipelineDocument::toDomain).toList();
    }

    @Override
    public Page<Pipeline> page(int page, int size, Map<String, String> labels) {
        return Paging.page(mongo, Paging.labelled(new Query(), labels), PipelineDocument.class, COLLECTION, page, size)
                .map(PipelineDocument::toDomain);
    }
}

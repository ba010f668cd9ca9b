package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.BuildConfigs;
import io.mflow.task.app.Page;
import io.mflow.task.domain.BuildConfig;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

@Component
class MongoBuildConfigs implements BuildConfigs {

    static final String COLLECTION = "builds";

    private final MongoTemplate mongo;

    MongoBuildConfigs(MongoTemplate mongo) {
        this.mongo = mongo;
        // every delivery looks its repository's configurations up
        mongo.indexOps(COLLECTION).createIndex(new Index().on("repository", Sort.Direction.ASC));
    }

    @Override
    public void add(BuildConfig config) {
        mongo.insert(BuildConfigDocument.of(config), COLLECTION);
    }

    @Override
    public Optional<BuildConfig> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, BuildConfigDocument.class, COLLECTION))
                .map(BuildConfigDocument::toDomain);
    }

    @Override
    public boolean replace(BuildConfig next) {
        return mongo.findAndReplace(query(where("_id").is(next.id())), BuildConfigDocument.of(next), COLLECTION)
                != null;
    }

    @Override
    public boolean remove(String id) {
        return mongo.remove(query(where("_id").is(id)), COLLECTION).getDeletedCount() == 1;
    }

    @Override
    public List<BuildConfig> ofRepository(String repository) {
        return mongo.find(query(where("repository").is(repository)), BuildConfigDocument.class, COLLECTION).stream()
                .map(BuildConfigDocument::toDomain).toList();
    }

    @Override
    public Page<BuildConfig> page(int page, int size, String pipelineId) {
        Query query = pipelineId == null ? new Query() : query(where("pipelineId").is(pipelineId));
        return Paging.page(mongo, query, BuildConfigDocument.class, COLLECTION, page, size)
                .map(BuildConfigDocument::toDomain);
    }
}

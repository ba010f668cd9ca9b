package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.mflow.task.app.Lanes;
import io.mflow.task.domain.Lane;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Lanes, each written by compare-and-set on its version: the store, not a lock, keeps one run per lane. */
@Component
public class MongoLanes implements Lanes {

    public static final String COLLECTION = "lanes";

    private final MongoTemplate mongo;

    MongoLanes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<Lane> find(String pipelineId, String value) {
        return Optional.ofNullable(mongo.findById(LaneDocument.idOf(pipelineId, value), LaneDocument.class,
                COLLECTION)).map(LaneDocument::toDomain);
    }

    @Override
    public boolean write(Lane next) {
        LaneDocument document = LaneDocument.of(next);
        return CompareAndSet.write(mongo, COLLECTION, document.id(), next.version(), document);
    }

    @Override
    public List<Lane> held() {
        return mongo.find(Query.query(where("holder").ne(null)), LaneDocument.class, COLLECTION).stream()
                .map(LaneDocument::toDomain).toList();
    }
}

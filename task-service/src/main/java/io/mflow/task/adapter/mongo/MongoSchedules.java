package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.mflow.task.app.Schedules;
import io.mflow.task.domain.ScheduleState;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Schedules' states, each written by compare-and-set on its version: the store decides which replica fires. */
@Component
public class MongoSchedules implements Schedules {

    public static final String COLLECTION = "schedules";

    private final MongoTemplate mongo;

    MongoSchedules(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<ScheduleState> find(String pipelineId, String name) {
        return Optional.ofNullable(mongo.findById(ScheduleStateDocument.idOf(pipelineId, name),
                ScheduleStateDocument.class, COLLECTION)).map(ScheduleStateDocument::toDomain);
    }

    @Override
    public List<ScheduleState> ofPipeline(String pipelineId) {
        return mongo.find(Query.query(where("pipelineId").is(pipelineId)), ScheduleStateDocument.class, COLLECTION)
                .stream().map(ScheduleStateDocument::toDomain).toList();
    }

    @Override
    public List<ScheduleState> all() {
        return mongo.findAll(ScheduleStateDocument.class, COLLECTION).stream().map(ScheduleStateDocument::toDomain)
                .toList();
    }

    @Override
    public boolean write(ScheduleState next) {
        ScheduleStateDocument document = ScheduleStateDocument.of(next);
        return CompareAndSet.write(mongo, COLLECTION, document.id(), next.version(), document);
    }

    @Override
    public void remove(String pipelineId, String name) {
        mongo.remove(Query.query(where("_id").is(ScheduleStateDocument.idOf(pipelineId, name))), COLLECTION);
    }
}

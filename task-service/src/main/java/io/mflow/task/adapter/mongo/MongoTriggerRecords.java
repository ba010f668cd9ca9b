package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.Page;
import io.mflow.task.app.TriggerRecords;
import io.mflow.task.domain.TriggerRecord;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Trigger records. The id is derived from (provider, delivery id), so the store's unique id dedupes deliveries. */
@Component
class MongoTriggerRecords implements TriggerRecords {

    static final String COLLECTION = "trigger_records";

    private final MongoTemplate mongo;

    MongoTriggerRecords(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("builds.buildConfigId", Sort.Direction.ASC));
    }

    @Override
    public boolean add(TriggerRecord record) {
        try {
            mongo.insert(TriggerRecordDocument.of(record), COLLECTION);
            return true;
        } catch (DuplicateKeyException again) {
            return false;
        }
    }

    @Override
    public Optional<TriggerRecord> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, TriggerRecordDocument.class, COLLECTION))
                .map(TriggerRecordDocument::toDomain);
    }

    @Override
    public void update(TriggerRecord record) {
        mongo.updateFirst(query(where("_id").is(record.id())), new Update().set("stage", record.stage().name())
                .set("builds", TriggerRecordDocument.builds(record)), COLLECTION);
    }

    @Override
    public Page<TriggerRecord> page(int page, int size, String buildConfigId, TriggerRecord.Stage stage) {
        Query query = new Query();
        if (buildConfigId != null) {
            query.addCriteria(where("builds.buildConfigId").is(buildConfigId));
        }
        if (stage != null) {
            query.addCriteria(where("stage").is(stage.name()));
        }
        return Paging.page(mongo, query, TriggerRecordDocument.class, COLLECTION, page, size)
                .map(TriggerRecordDocument::toDomain);
    }
}

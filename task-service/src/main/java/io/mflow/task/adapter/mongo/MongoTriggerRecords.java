package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.Page;
import io.mflow.task.app.TriggerRecords;
import io.mflow.task.domain.BuildConfig;
import io.mflow.task.domain.TriggerRecord;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
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
    public Page<TriggerRecord> page(int page, int size, String buildConfigId, TriggerRecord.Stage stage,
                                    TriggerRecord.BuildStage buildStage) {
        Query query = new Query();
        if (buildConfigId != null) {
            query.addCriteria(where("builds.buildConfigId").is(buildConfigId));
        }
        if (stage != null) {
            query.addCriteria(where("stage").is(stage.name()));
        }
        if (buildStage != null) {
            query.addCriteria(withBuildAt(buildStage, buildConfigId));
        }
        return Paging.page(mongo, query, TriggerRecordDocument.class, COLLECTION, page, size)
                .map(TriggerRecordDocument::toDomain);
    }

    /**
     * Records a build of which is at {@code buildStage}: a started one's stage is its run's (the runs carry the record
     * and the configuration as labels, so they are found in this service's own store), one not started is RECEIVED,
     * or FAILED when it could not start.
     */
    private Criteria withBuildAt(TriggerRecord.BuildStage buildStage, String buildConfigId) {
        Criteria notStarted = buildConfigId == null ? where("started").is(false)
                : where("started").is(false).and("buildConfigId").is(buildConfigId);
        if (buildStage == TriggerRecord.BuildStage.RECEIVED) {
            return where("builds").elemMatch(notStarted.and("error").is(null));
        }
        Query runs = new Query(where(Paging.labelPath(BuildConfig.EVENT_LABEL)).exists(true).and("stage")
                .in(buildStage.runStages().stream().map(Enum::name).toList()));
        if (buildConfigId != null) {
            runs.addCriteria(where(Paging.labelPath(BuildConfig.CONFIG_LABEL)).is(buildConfigId));
        }
        runs.fields().include("labels");
        String labelKey = Paging.labelPath(BuildConfig.EVENT_LABEL).substring("labels.".length());
        List<String> recordIds = mongo.find(runs, Document.class, MongoPipelineTasks.COLLECTION).stream()
                .map(run -> run.get("labels", Document.class).getString(labelKey)).distinct().toList();
        Criteria started = where("_id").in(recordIds);
        return buildStage == TriggerRecord.BuildStage.FAILED
                ? new Criteria().orOperator(started, where("builds").elemMatch(notStarted.and("error").ne(null)))
                : started;
    }
}

package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.app.JobTaskQuery;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.Page;
import io.mflow.task.domain.JobTask;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Job tasks: what the seam writes ({@link AggregateStore}) and what readers ask for ({@link JobTasks}). */
@Component
public class MongoJobTasks implements JobTasks, AggregateStore<JobTask> {

    public static final String COLLECTION = "job_tasks";

    private final MongoTemplate mongo;

    MongoJobTasks(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("pipelineTaskId", Sort.Direction.ASC));
    }

    @Override
    public Optional<Stored<JobTask>> read(String id) {
        return Optional.ofNullable(mongo.findById(id, JobTaskDocument.class, COLLECTION))
                .map(document -> new Stored<>(document.toDomain(), document.version()));
    }

    @Override
    public boolean insert(JobTask jobTask, List<OutboxEntry> outbox) {
        return StateDocuments.insert(mongo, COLLECTION, JobTaskDocument.of(jobTask, Stored.FIRST_VERSION), outbox);
    }

    /** A run's job tasks in one insert: they announce nothing, their pipeline task announces the plan. */
    @Override
    public void insertAll(List<JobTask> jobTasks) {
        mongo.getCollection(COLLECTION).insertMany(jobTasks.stream()
                .map(task -> StateDocuments.insertable(mongo, JobTaskDocument.of(task, Stored.FIRST_VERSION))).toList());
    }

    @Override
    public boolean update(JobTask next, long expectedVersion, List<OutboxEntry> outbox) {
        return StateDocuments.update(mongo, COLLECTION, next.id(), expectedVersion,
                JobTaskDocument.of(next, expectedVersion + 1), outbox);
    }

    @Override
    public Optional<JobTask> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, JobTaskDocument.class, COLLECTION)).map(JobTaskDocument::toDomain);
    }

    @Override
    public List<JobTask> ofPipelineTasks(Collection<String> pipelineTaskIds) {
        return mongo.find(query(where("pipelineTaskId").in(pipelineTaskIds)), JobTaskDocument.class, COLLECTION).stream()
                .map(JobTaskDocument::toDomain).toList();
    }

    @Override
    public Page<JobTask> page(JobTaskQuery filter, int page, int size) {
        Query query = new Query();
        is(query, "stage", filter.stage() == null ? null : filter.stage().name());
        is(query, "jobName", filter.job());
        is(query, "pipelineTaskId", filter.pipelineTaskId());
        is(query, "audit.people", filter.auditor());
        is(query, "audit.stage", filter.auditStage() == null ? null : filter.auditStage().name());
        is(query, "confirm.people", filter.checker());
        is(query, "confirm.stage", filter.confirmStage() == null ? null : filter.confirmStage().name());
        filter.labels().forEach((key, value) -> query.addCriteria(where(Paging.labelPath(key)).is(value)));
        return Paging.page(mongo, query, JobTaskDocument.class, COLLECTION, page, size).map(JobTaskDocument::toDomain);
    }

    private static void is(Query query, String field, String value) {
        if (value != null && !value.isBlank()) {
            query.addCriteria(where(field).is(value));
        }
    }
}

package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.JobTasks;
import io.mflow.task.app.OutboxEntry;
import io.mflow.task.domain.JobTask;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

@Component
class MongoJobTasks implements JobTasks {

    static final String COLLECTION = "job_tasks";

    private final MongoTemplate mongo;

    MongoJobTasks(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("pipelineTaskId", Sort.Direction.ASC));
    }

    @Override
    public void addAll(List<JobTask> jobTasks) {
        mongo.insert(jobTasks.stream().map(t -> StateDocuments.insertable(mongo, JobTaskDocument.of(t), List.of()))
                .toList(), COLLECTION);
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
    public boolean update(JobTask next, long expectedVersion, List<OutboxEntry> outbox) {
        return StateDocuments.update(mongo, COLLECTION, next.id(), expectedVersion, JobTaskDocument.of(next), outbox);
    }
}

package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mflow.task.app.RunHistory;
import io.mflow.task.domain.JobLogHead;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Retention's reads and removals over {@code pipeline_tasks}, {@code job_tasks}, {@code job_logs},
 * {@code job_log_chunks}, {@code notice_deliveries} and {@code trigger_records}. A run goes last, after what hangs off it, and only while it is
 * in a final stage: a crash halfway leaves the run to be found and removed again, never parts without their run.
 */
@Component
class MongoRunHistory implements RunHistory {

    private static final List<String> FINAL = Arrays.stream(Status.values()).filter(Status::isComplete)
            .map(Enum::name).toList();

    private final MongoTemplate mongo;
    private final MongoCollection<Document> runs;
    private final MongoCollection<Document> jobTasks;
    private final MongoCollection<Document> logs;
    private final MongoCollection<Document> chunks;
    private final MongoCollection<Document> notices;
    private final MongoCollection<Document> pipelines;
    private final MongoCollection<Document> triggerRecords;

    MongoRunHistory(MongoTemplate mongo) {
        this.mongo = mongo;
        this.runs = mongo.getCollection(MongoPipelineTasks.COLLECTION);
        this.jobTasks = mongo.getCollection(MongoJobTasks.COLLECTION);
        this.logs = mongo.getCollection(MongoJobLogs.COLLECTION);
        this.chunks = mongo.getCollection(MongoJobLogs.CHUNKS);
        this.notices = mongo.getCollection(MongoNoticeDeliveries.COLLECTION);
        this.pipelines = mongo.getCollection(MongoPipelines.COLLECTION);
        this.triggerRecords = mongo.getCollection(MongoTriggerRecords.COLLECTION);
        triggerRecords.createIndex(Indexes.ascending("createdAt"));
        // a run's finishedAt is written once, when it ends: the index costs the hot path one entry per run
        runs.createIndex(Indexes.ascending("finishedAt"));
    }

    @Override
    public List<String> finishedBefore(Instant cutoff, int limit) {
        return ids(runs.find(Filters.and(Filters.lt("finishedAt", Date.from(cutoff)), Filters.in("stage", FINAL)))
                .sort(Sorts.ascending("finishedAt")).limit(limit).projection(Projections.include("_id")));
    }

    @Override
    public List<String> beyondNewest(int keep, int limit) {
        List<String> found = new ArrayList<>();
        for (String pipelineId : ids(pipelines.find().projection(Projections.include("_id")))) {
            if (found.size() >= limit) {
                break;
            }
            found.addAll(ids(runs.find(Filters.and(Filters.eq("pipelineId", pipelineId), Filters.in("stage", FINAL)))
                    .sort(Sorts.descending("createdAt")).skip(keep).limit(limit - found.size())
                    .projection(Projections.include("_id"))));
        }
        return found;
    }

    @Override
    public List<JobTask> singleJobTasksFinishedBefore(Instant cutoff, int limit) {
        Query single = new Query(where("pipelineTaskId").is(null).and("finishedAt").lt(cutoff).and("stage").in(FINAL))
                .with(Sort.by("finishedAt")).limit(limit);
        return mongo.find(single, JobTaskDocument.class, MongoJobTasks.COLLECTION).stream()
                .map(JobTaskDocument::toDomain).toList();
    }

    @Override
    public boolean remove(String pipelineTaskId, List<JobTask> ofRun) {
        removeParts(ofRun);
        List<String> owners = new ArrayList<>(ofRun.stream().map(JobTask::id).toList());
        owners.add(pipelineTaskId);
        notices.deleteMany(Filters.in("_id", owners));
        jobTasks.deleteMany(Filters.eq("pipelineTaskId", pipelineTaskId));
        return runs.deleteOne(Filters.and(Filters.eq("_id", pipelineTaskId), Filters.in("stage", FINAL)))
                .getDeletedCount() == 1;
    }

    @Override
    public boolean remove(JobTask single) {
        removeParts(List.of(single));
        notices.deleteOne(Filters.eq("_id", single.id()));
        return jobTasks.deleteOne(Filters.and(Filters.eq("_id", single.id()), Filters.in("stage", FINAL)))
                .getDeletedCount() == 1;
    }

    @Override
    public int removeTriggerRecordsBefore(Instant cutoff, int limit) {
        List<String> due = ids(triggerRecords.find(Filters.lt("createdAt", Date.from(cutoff)))
                .sort(Sorts.ascending("createdAt")).limit(limit).projection(Projections.include("_id")));
        return due.isEmpty() ? 0 : (int) triggerRecords.deleteMany(Filters.in("_id", due)).getDeletedCount();
    }

    /** Every attempt's log: its chunks first, then the head that counts them. */
    private void removeParts(List<JobTask> tasks) {
        List<String> heads = new ArrayList<>();
        for (JobTask task : tasks) {
            for (int attempt = 1; attempt <= task.attempt(); attempt++) {
                heads.add(JobLogHead.idOf(task.id(), attempt));
            }
        }
        if (!heads.isEmpty()) {
            chunks.deleteMany(Filters.in("log", heads));
            logs.deleteMany(Filters.in("_id", heads));
        }
    }

    private static List<String> ids(Iterable<Document> found) {
        List<String> ids = new ArrayList<>();
        found.forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }
}

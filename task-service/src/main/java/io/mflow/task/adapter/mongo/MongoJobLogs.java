package io.mflow.task.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.mflow.task.app.JobLogs;
import io.mflow.task.domain.JobLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code job_logs}: one document per attempt ({@code <job task id>#<attempt>}) with its chunks and how many lines it
 * holds, so a log is read by id and appending to one never touches the job task's own document. Appends are
 * compare-and-set on the line count.
 */
@Component
class MongoJobLogs implements JobLogs {

    static final String COLLECTION = "job_logs";
    private static final int TRIES = 10;

    private final MongoCollection<Document> logs;

    MongoJobLogs(MongoTemplate mongo) {
        this.logs = mongo.getCollection(COLLECTION);
    }

    @Override
    public void append(String jobTaskId, int attempt, long firstLine, String text, boolean last) {
        String id = jobTaskId + "#" + attempt;
        for (int i = 0; i < TRIES && !text.isEmpty(); i++) {
            Document doc = logs.find(Filters.eq("_id", id)).projection(new Document("lines", 1).append("bytes", 1))
                    .first();
            long kept = doc == null ? 0 : number(doc, "lines");
            String fresh = JobLog.newPart(kept, firstLine, text);
            if (fresh.isEmpty()) {
                break;
            }
            long from = Math.max(kept, firstLine);
            int bytes = fresh.getBytes(StandardCharsets.UTF_8).length;
            if ((doc == null ? 0 : number(doc, "bytes")) + bytes > JobLog.KEPT_BYTES) {
                logs.updateOne(Filters.eq("_id", id), Updates.set("truncated", true), new UpdateOptions().upsert(true));
                break;
            }
            try {
                boolean stored = logs.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("lines", doc == null ? null : kept)),
                        Updates.combine(Updates.push("chunks", new Document("firstLine", from).append("text", fresh)),
                                Updates.set("lines", from + JobLog.linesIn(fresh)), Updates.inc("bytes", bytes)),
                        new UpdateOptions().upsert(doc == null)).getModifiedCount() == 1
                        || doc == null;
                if (stored) {
                    break;
                }
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // another writer created it first: decide again on what it holds
            }
        }
        if (last) {
            // A job that wrote nothing leaves no document at all: most jobs of a busy engine are quiet ones, and a
            // follower of a log that does not exist ends with the task (JobLogController).
            logs.updateOne(Filters.eq("_id", id), Updates.set("ended", true));
        }
    }

    @Override
    public JobLog of(String jobTaskId, int attempt) {
        Document doc = logs.find(Filters.eq("_id", jobTaskId + "#" + attempt)).first();
        if (doc == null) {
            return JobLog.empty(jobTaskId, attempt);
        }
        List<JobLog.Chunk> chunks = new ArrayList<>();
        for (Document c : doc.getList("chunks", Document.class, List.of())) {
            chunks.add(new JobLog.Chunk(number(c, "firstLine"), c.getString("text")));
        }
        return new JobLog(jobTaskId, attempt, chunks, Boolean.TRUE.equals(doc.getBoolean("ended")),
                Boolean.TRUE.equals(doc.getBoolean("truncated")));
    }

    private static long number(Document doc, String field) {
        Number value = doc.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }
}

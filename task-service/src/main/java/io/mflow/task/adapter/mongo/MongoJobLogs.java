package io.mflow.task.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.mflow.schemas.LogLines;
import io.mflow.task.app.JobLogs;
import io.mflow.task.domain.JobLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code job_logs}: one head document per attempt ({@code <job task id>#<attempt>}) with how many lines and bytes it
 * holds; {@code job_log_chunks}: its text, one document per chunk ({@code <attempt's id>@<first line>}), so a log may
 * grow past a document's 16 MB and a follower reads only the chunks it has not seen. A chunk is stored before the head
 * counts it: a crash between the two leaves a chunk that the record's redelivery finds by its id, and a chunk stored
 * there first, however it was cut, is the one kept. Appending never touches the job task's own document.
 */
@Component
class MongoJobLogs implements JobLogs {

    static final String COLLECTION = "job_logs";
    static final String CHUNKS = "job_log_chunks";
    private static final int TRIES = 10;

    private final MongoCollection<Document> logs;
    private final MongoCollection<Document> chunks;

    MongoJobLogs(MongoTemplate mongo) {
        this.logs = mongo.getCollection(COLLECTION);
        this.chunks = mongo.getCollection(CHUNKS);
        chunks.createIndex(Indexes.ascending("log", "firstLine"));
    }

    @Override
    public void append(String jobTaskId, int attempt, long firstLine, String text, boolean last) {
        String id = jobTaskId + "#" + attempt;
        for (int i = 0; i < TRIES; i++) {
            Document head = logs.find(Filters.eq("_id", id)).first();
            long kept = head == null ? 0 : number(head, "lines");
            String fresh = LogLines.after(text, kept - firstLine);
            if (fresh.isEmpty() || head != null && Boolean.TRUE.equals(head.getBoolean("truncated"))) {
                break;
            }
            long from = Math.max(kept, firstLine);
            long bytes = head == null ? 0 : number(head, "bytes");
            if (bytes + utf8Length(fresh) > JobLog.KEPT_BYTES) {
                logs.updateOne(Filters.eq("_id", id), Updates.set("truncated", true), new UpdateOptions().upsert(true));
                break;
            }
            String stored = storeChunk(id, from, fresh);
            Bson sameHead = Filters.and(Filters.eq("_id", id), Filters.eq("lines", head == null ? null : kept));
            try {
                UpdateResult counted = logs.updateOne(sameHead, Updates.combine(
                        Updates.set("lines", from + LogLines.count(stored)), Updates.inc("bytes", utf8Length(stored))),
                        new UpdateOptions().upsert(head == null));
                if (stored.equals(fresh) && (counted.getModifiedCount() == 1 || counted.getUpsertedId() != null)) {
                    break; // all of it is kept: no need to read the head again to find that out
                }
            } catch (MongoWriteException e) {
                rethrowUnlessDuplicate(e); // another writer created the head first: decide again on what it holds
            }
        }
        if (last) {
            // A job that wrote nothing leaves no document at all: most jobs of a busy engine are quiet ones, and a
            // follower of a log that does not exist ends with the task (JobLogController).
            logs.updateOne(Filters.eq("_id", id), Updates.set("ended", true));
        }
    }

    /** Stores the chunk from line {@code from}; returns the text stored there, which an earlier delivery may have cut differently. */
    private String storeChunk(String id, long from, String text) {
        String chunkId = id + "@" + from;
        try {
            chunks.insertOne(new Document("_id", chunkId).append("log", id).append("firstLine", from).append("text", text));
            return text;
        } catch (MongoWriteException e) {
            rethrowUnlessDuplicate(e);
            Document earlier = chunks.find(Filters.eq("_id", chunkId)).first();
            return earlier == null ? text : earlier.getString("text");
        }
    }

    @Override
    public JobLog of(String jobTaskId, int attempt) {
        return of(jobTaskId, attempt, 0);
    }

    @Override
    public JobLog of(String jobTaskId, int attempt, long fromLine) {
        String id = jobTaskId + "#" + attempt;
        Document head = logs.find(Filters.eq("_id", id)).first();
        if (head == null) {
            return JobLog.empty(jobTaskId, attempt);
        }
        long kept = number(head, "lines");
        List<JobLog.Chunk> text = new ArrayList<>();
        // Only what the head counts: a chunk stored by a write that has not counted it yet is not there yet.
        for (Document c : chunks.find(Filters.and(Filters.eq("log", id), Filters.gte("firstLine", fromLine),
                Filters.lt("firstLine", kept))).sort(Sorts.ascending("firstLine"))) {
            text.add(new JobLog.Chunk(number(c, "firstLine"), c.getString("text")));
        }
        return new JobLog(jobTaskId, attempt, text, Boolean.TRUE.equals(head.getBoolean("ended")),
                Boolean.TRUE.equals(head.getBoolean("truncated")));
    }

    private static void rethrowUnlessDuplicate(MongoWriteException e) {
        if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw e;
        }
    }

    private static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long number(Document doc, String field) {
        Number value = doc.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }
}

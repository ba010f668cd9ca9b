package io.mflow.task.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.aggregate.VersionedDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.app.JobLogChunks;
import io.mflow.task.app.JobLogs;
import io.mflow.task.domain.JobLogHead;
import io.mflow.task.domain.JobLog;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
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
class MongoJobLogs implements JobLogs, JobLogChunks, AggregateStore<JobLogHead> {

    static final String COLLECTION = "job_logs";
    static final String CHUNKS = "job_log_chunks";
    private static final int BATCH = 4;

    private final MongoCollection<Document> logs;
    private final MongoCollection<Document> chunks;

    MongoJobLogs(MongoTemplate mongo) {
        this.logs = mongo.getCollection(COLLECTION);
        this.chunks = mongo.getCollection(CHUNKS);
        chunks.createIndex(Indexes.ascending("log", "firstLine"));
    }

    @Override
    public Optional<Stored<JobLogHead>> read(String id) {
        Document head = logs.find(Filters.eq("_id", id)).first();
        return Optional.ofNullable(head).map(found -> new Stored<>(new JobLogHead(id, number(found, "lines"),
                number(found, "bytes"), Boolean.TRUE.equals(found.getBoolean("truncated")),
                Boolean.TRUE.equals(found.getBoolean("ended"))), VersionedDocuments.versionOf(found)));
    }

    @Override
    public boolean insert(JobLogHead head, List<OutboxEntry> outbox) {
        return VersionedDocuments.insert(logs, fields(head).append("_id", head.id()), outbox);
    }

    @Override
    public boolean update(JobLogHead next, long expectedVersion, List<OutboxEntry> outbox) {
        return VersionedDocuments.update(logs, next.id(), expectedVersion, fields(next), outbox);
    }

    private static Document fields(JobLogHead head) {
        return new Document("lines", head.lines()).append("bytes", head.bytes())
                .append("truncated", head.truncated() ? true : null).append("ended", head.ended() ? true : null);
    }

    @Override
    public String store(String id, long from, String text) {
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
    public Optional<JobLogHead> headOf(String jobTaskId, int attempt) {
        return read(JobLogHead.idOf(jobTaskId, attempt)).map(Stored::aggregate);
    }

    /** Few chunks per batch: a chunk may be up to 64 KiB, and a reader holds no more than a batch. */
    @Override
    public void read(JobLogHead head, long fromLine, ChunkReader reader) throws IOException {
        try (MongoCursor<Document> cursor = chunks.find(Filters.and(Filters.eq("log", head.id()),
                        Filters.gte("firstLine", fromLine), Filters.lt("firstLine", head.lines())))
                .sort(Sorts.ascending("firstLine")).batchSize(BATCH).cursor()) {
            while (cursor.hasNext()) {
                Document chunk = cursor.next();
                reader.next(new JobLog.Chunk(number(chunk, "firstLine"), chunk.getString("text")));
            }
        }
    }

    private static void rethrowUnlessDuplicate(MongoWriteException e) {
        if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw e;
        }
    }

    private static long number(Document doc, String field) {
        Number value = doc.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }
}

package io.mflow.runner.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.mflow.runner.app.AgentLogs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code agent_output}: what agents sent of their attempts' output, one document per part at its offset, so any
 * runner-service instance takes an agent's part and any instance publishes the whole. A part sent again lands on the
 * same document and changes nothing; a large part is stored in slices, each well below the store's document limit.
 */
public class MongoAgentLogs implements AgentLogs {

    public static final String COLLECTION = "agent_output";
    static final int SLICE_BYTES = 1024 * 1024;

    private final MongoCollection<Document> collection;

    public MongoAgentLogs(MongoTemplate mongo) {
        this.collection = mongo.getCollection(COLLECTION);
        collection.createIndex(Indexes.ascending("attemptId", "offset"));
    }

    @Override
    public void write(String attemptId, long offset, byte[] bytes) {
        long length = lengthOf(attemptId);
        if (offset > length) {
            throw new IllegalArgumentException("output of " + attemptId + " has " + length
                    + " bytes; a part from " + offset + " would leave a gap");
        }
        for (int from = 0; from < bytes.length; from += SLICE_BYTES) {
            byte[] slice = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + SLICE_BYTES));
            long at = offset + from;
            collection.replaceOne(Filters.eq("_id", attemptId + "@" + at), new Document("_id", attemptId + "@" + at)
                    .append("attemptId", attemptId).append("offset", at).append("end", at + slice.length)
                    .append("bytes", new Binary(slice)), new ReplaceOptions().upsert(true));
        }
    }

    @Override
    public byte[] read(String attemptId, long offset, int max) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        long at = offset;
        long until = offset + max;
        for (Document part : collection.find(Filters.and(Filters.eq("attemptId", attemptId),
                Filters.gt("end", offset), Filters.lt("offset", until))).sort(Sorts.ascending("offset"))) {
            long partOffset = part.get("offset", Number.class).longValue();
            if (partOffset > at) {
                break; // a gap: what follows it is not readable yet
            }
            byte[] bytes = part.get("bytes", Binary.class).getData();
            int from = (int) (at - partOffset);
            int to = (int) Math.min(bytes.length, until - partOffset);
            if (to > from) {
                read.write(bytes, from, to - from);
                at = partOffset + to;
            }
        }
        return read.toByteArray();
    }

    @Override
    public String tail(String attemptId, int maxBytes) {
        long length = lengthOf(attemptId);
        return new String(read(attemptId, Math.max(0, length - maxBytes), maxBytes), StandardCharsets.UTF_8);
    }

    @Override
    public void delete(String attemptId) {
        collection.deleteMany(Filters.eq("attemptId", attemptId));
    }

    private long lengthOf(String attemptId) {
        Document last = collection.find(Filters.eq("attemptId", attemptId)).sort(Sorts.descending("end")).limit(1)
                .first();
        return last == null ? 0 : last.get("end", Number.class).longValue();
    }
}

package io.mflow.embeddedstore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An H2 collection that answers a filter with an equality on {@code _id} from the {@code _id} index. mongo-java-server
 * uses an index only when the filter's fields are exactly the index's, so the services' version-guarded updates
 * ({@code {_id: id, version: v}}) scanned the whole collection. Find, count, update, replace, delete and findAndModify
 * all select their documents through {@code queryDocuments}; here it takes the documents the index finds for the
 * {@code _id} part and applies the whole filter, sort, skip, limit and projection to those alone.
 */
final class IdLookupCollection extends H2Collection {

    /**
     * The flag the services set on a document whose outbox holds records, and take away once it is empty. The outbox
     * sweep asks for {@code {outboxPending: true}}, which mongo-java-server could only answer by reading every
     * document (it implements no non-unique index); the few flagged ones are kept here instead, as a sparse index
     * of that field would in MongoDB. Built by one scan when the store opens.
     */
    static final String FLAG = "outboxPending";

    /**
     * The fields the services look documents up by, beside {@code _id}: the flag, and the references from one
     * document to another (a run's job tasks, a pipeline's runs, a task's deliveries, an execution's state and the
     * runner instance that owns it). Each is indexed in MongoDB; mongo-java-server would scan for them, and a scan
     * costs more with every run in the history: a runner instance asks every heartbeat for the unsettled executions
     * of each instance whose lease ended.
     */
    static final Set<String> LOOKED_UP = Set.of(FLAG, "pipelineTaskId", "pipelineId", "jobTaskId", "state", "owner");

    private final MVStore store;
    /** Field, then value, then the positions of the documents holding it; only string and boolean values. */
    private final Map<String, Map<Object, Set<Object>>> byValue = new ConcurrentHashMap<>();

    IdLookupCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> dataMap,
            MVMap<String, Object> metaMap, CursorRegistry cursorRegistry, MVStore store) {
        super(database, name, options, dataMap, metaMap, cursorRegistry);
        this.store = store;
        streamAllDocumentsWithPosition().forEach(found -> track(found.getPosition(), null, found.getDocument()));
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object position = super.addDocumentInternal(document);
        track(position, null, document);
        return position;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        track(position, oldDocument, newDocument);
    }

    /**
     * A copy: the document in the map is shared with whoever read it. An update copies only the top level before it
     * applies {@code $push} or {@code $pull}, so it changed the arrays of the stored document in place while a reply
     * holding that document was being encoded on another thread (a ConcurrentModificationException that dropped the
     * connection). Full scans still hand out the stored documents; only listings scan.
     */
    @Override
    protected Document getDocument(Object position) {
        Document stored = super.getDocument(position);
        return stored == null ? null : stored.cloneDeeply();
    }

    @Override
    protected void removeDocument(Object position) {
        Document removed = super.getDocument(position); // only read for its looked-up fields: no copy
        super.removeDocument(position);
        if (removed != null) {
            track(position, removed, null);
        }
    }

    private void track(Object position, Document before, Document after) {
        for (String field : LOOKED_UP) {
            Object old = before == null ? null : before.get(field);
            Object now = after == null ? null : after.get(field);
            if (isKey(old) && !old.equals(now)) {
                byValue.getOrDefault(field, Map.of()).getOrDefault(old, new HashSet<>()).remove(position);
            }
            if (isKey(now)) {
                byValue.computeIfAbsent(field, f -> new ConcurrentHashMap<>())
                        .computeIfAbsent(now, v -> ConcurrentHashMap.newKeySet()).add(position);
            }
        }
    }

    private static boolean isKey(Object value) {
        return value instanceof String || value instanceof Boolean;
    }

    /**
     * The candidates for a filter with a looked-up field among its conditions (a value, or {@code $in} of values):
     * those the field's index finds; where several are looked up, the fewest. Its other conditions are ANDed with that
     * one, so every match is among them (the whole filter is applied to each). Empty if no condition is of that shape.
     */
    private Optional<List<Object>> lookedUp(Document query) {
        Set<Object> fewest = null;
        for (Map.Entry<String, Object> condition : query.entrySet()) {
            Optional<Set<Object>> found = lookedUp(condition.getKey(), condition.getValue());
            if (found.isPresent() && (fewest == null || found.get().size() < fewest.size())) {
                fewest = found.get();
            }
        }
        return fewest == null ? Optional.empty() : Optional.of(List.copyOf(fewest));
    }

    private Optional<Set<Object>> lookedUp(String field, Object condition) {
        if (!LOOKED_UP.contains(field)) {
            return Optional.empty();
        }
        List<Object> values;
        if (isKey(condition)) {
            values = List.of(condition);
        } else if (condition instanceof Document operator && operator.size() == 1
                && operator.get("$in") instanceof Collection<?> in && in.stream().allMatch(IdLookupCollection::isKey)) {
            values = List.copyOf(in);
        } else {
            return Optional.empty();
        }
        Map<Object, Set<Object>> index = byValue.getOrDefault(field, Map.of());
        Set<Object> positions = new LinkedHashSet<>();
        values.forEach(value -> positions.addAll(index.getOrDefault(value, Set.of())));
        return Optional.of(positions);
    }

    /**
     * Also pins the version it reads: the store reuses dead chunks at once (see {@link DurableH2Backend#open}), and
     * compaction may move this collection's pages while a query walks the old ones.
     */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            return select(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        } finally {
            store.deregisterVersionUsage(reading);
        }
    }

    private QueryResult select(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        Optional<List<Object>> byReference = lookedUp(query);
        if (byReference.isPresent()) {
            // the whole filter is applied to each candidate again, so one that changed a moment ago costs only a look
            return matchDocuments(query, byReference.get(), orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        Optional<Document> byId = IdLookup.of(query);
        Optional<Index<Object>> idIndex = byId.flatMap(this::idIndexFor);
        if (idIndex.isPresent()) {
            Iterable<Object> candidates = idIndex.get().getPositions(byId.get());
            return matchDocuments(query, candidates, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    private Optional<Index<Object>> idIndexFor(Document idQuery) {
        return getIndexes().stream()
                .filter(index -> index.isUnique() && isIdOnly(index.getKeys()) && index.canHandle(idQuery))
                .findFirst();
    }

    private static boolean isIdOnly(List<IndexKey> keys) {
        return keys.size() == 1 && keys.get(0).getKey().equals("_id");
    }
}

package io.mflow.runner.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.aggregate.VersionedDocuments;
import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.MongoOutboxes;
import io.mflow.platform.outbox.OutboxOwner;
import io.mflow.platform.outbox.OutboxRecord;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.platform.outbox.PendingOutbox;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The executions' outboxes, for the relay: the platform's {@link MongoOutboxes}, except for the reports a
 * runner-service before the platform's outbox layout stored as it decided them, which are encoded (and proved with
 * the opened token) as they are read, as that version did at send time. Such an outbox is read whole once more; it
 * empties as it is sent, and a write stores records in the platform's layout only.
 */
public class ExecutionOutboxes implements OutboxStore {

    private final MongoOutboxes outboxes;
    private final MongoCollection<Document> collection;
    private final EventEncoder<Execution, Report> reports;

    public ExecutionOutboxes(MongoTemplate mongo, EventEncoder<Execution, Report> reports) {
        this.outboxes = new MongoOutboxes(mongo.getDb(), List.of(MongoExecutions.COLLECTION));
        this.collection = mongo.getCollection(MongoExecutions.COLLECTION);
        this.reports = reports;
    }

    @Override
    public Optional<PendingOutbox> pendingOf(String owner) {
        return outboxes.pendingOf(owner).map(this::withEarlierReportsEncoded);
    }

    @Override
    public List<PendingOutbox> pending(int limit) {
        return outboxes.pending(limit).stream().map(this::withEarlierReportsEncoded).toList();
    }

    @Override
    public void remove(Map<String, List<String>> recordIdsByOwner) {
        outboxes.remove(recordIdsByOwner);
    }

    /** An earlier report reads as a record with no topic: nothing the platform's layout stores is without one. */
    private PendingOutbox withEarlierReportsEncoded(PendingOutbox pending) {
        if (pending.records().stream().allMatch(record -> record.topic() != null)) {
            return pending;
        }
        Document document = collection.find(Filters.eq("_id", OutboxOwner.ofKey(pending.owner()).id())).first();
        if (document == null) {
            return new PendingOutbox(pending.owner(), pending.version(), List.of());
        }
        Execution execution = ExecutionDocuments.toExecution(document);
        List<OutboxRecord> records = new ArrayList<>();
        for (Document entry : document.getList(MongoOutboxDocuments.OUTBOX, Document.class, List.of())) {
            if (ExecutionDocuments.isEarlierReport(entry)) {
                Report report = ExecutionDocuments.earlierReport(entry);
                records.add(reports.encode(execution, report).toRecord(report.reportedAt()));
            } else {
                records.add(MongoOutboxDocuments.recordOf(entry));
            }
        }
        // Read again, it may hold a later write's records: its version says so, unless the sweep's read had none.
        long version = pending.version() == PendingOutbox.UNKNOWN_VERSION ? PendingOutbox.UNKNOWN_VERSION
                : VersionedDocuments.versionOf(document);
        return new PendingOutbox(pending.owner(), version, records);
    }
}

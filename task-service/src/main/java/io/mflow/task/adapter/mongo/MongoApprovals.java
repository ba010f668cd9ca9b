package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.task.app.Approvals;
import io.mflow.task.app.Page;
import io.mflow.task.domain.Approval;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Release approvals: what the seam writes ({@link AggregateStore}) and what readers ask for ({@link Approvals}). */
@Component
public class MongoApprovals implements Approvals, AggregateStore<Approval> {

    public static final String COLLECTION = "approvals";

    /** Who a person is on an approval, as {@code ?mine=} names it, and the field that lists them. */
    private static final Map<String, String> ROLES = Map.of("auditor", "auditors", "operator", "operators",
            "creator", "createdBy");

    private final MongoTemplate mongo;

    MongoApprovals(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("stage", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC));
    }

    @Override
    public Optional<Stored<Approval>> read(String id) {
        return Optional.ofNullable(mongo.findById(id, ApprovalDocument.class, COLLECTION))
                .map(document -> new Stored<>(document.toDomain(), document.version()));
    }

    @Override
    public boolean insert(Approval approval, List<OutboxEntry> outbox) {
        return StateDocuments.insert(mongo, COLLECTION, ApprovalDocument.of(approval, Stored.FIRST_VERSION), outbox);
    }

    @Override
    public boolean update(Approval next, long expectedVersion, List<OutboxEntry> outbox) {
        return StateDocuments.update(mongo, COLLECTION, next.id(), expectedVersion,
                ApprovalDocument.of(next, expectedVersion + 1), outbox);
    }

    @Override
    public Optional<Approval> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, ApprovalDocument.class, COLLECTION))
                .map(ApprovalDocument::toDomain);
    }

    @Override
    public Page<Approval> page(Approval.Stage stage, String role, String person, int page, int size) {
        Query query = new Query();
        if (stage != null) {
            query.addCriteria(where("stage").is(stage.name()));
        }
        if (person != null && role != null) {
            query.addCriteria(where(ROLES.get(role)).is(person));
        }
        return Paging.page(mongo, query, ApprovalDocument.class, COLLECTION, page, size)
                .map(ApprovalDocument::toDomain);
    }

    @Override
    public List<Approval> awaitingTheirRun(int limit) {
        return mongo.find(new Query(where("stage").is(Approval.Stage.PASSED.name()).and("autoRun").is(true))
                .limit(limit), ApprovalDocument.class, COLLECTION).stream().map(ApprovalDocument::toDomain).toList();
    }

    @Override
    public boolean deleteIn(String id, Approval.Stage stage) {
        // an outbox not yet relayed goes with it: a deleted draft announced nothing anyone needs; a closed one
        // was announced when it closed, before anyone could see it closed and delete it
        return mongo.remove(new Query(where("_id").is(id).and("stage").is(stage.name())), COLLECTION)
                .getDeletedCount() == 1;
    }
}

package io.mflow.notify.adapter.mongo;

import io.mflow.platform.aggregate.VersionedDocuments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.mflow.notify.app.Endpoints;
import io.mflow.notify.domain.Endpoint;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Endpoints in {@code endpoints}, each with its outbox: the store {@code AggregateChanges} writes them through (each
 * write guarded by the document's {@code version}), and their list for an admin.
 */
public class MongoEndpoints implements AggregateStore<Endpoint>, Endpoints {

    public static final String COLLECTION = "endpoints";

    private final MongoCollection<Document> endpoints;

    public MongoEndpoints(MongoTemplate mongo) {
        this.endpoints = mongo.getCollection(COLLECTION);
    }

    @Override
    public Optional<Stored<Endpoint>> read(String id) {
        return Optional.ofNullable(endpoints.find(Filters.eq("_id", id)).first())
                .map(doc -> new Stored<>(toEndpoint(doc), VersionedDocuments.versionOf(doc)));
    }

    @Override
    public boolean insert(Endpoint endpoint, List<OutboxEntry> outbox) {
        return VersionedDocuments.insert(endpoints, toDocument(endpoint), outbox);
    }

    @Override
    public boolean update(Endpoint next, long expectedVersion, List<OutboxEntry> outbox) {
        return VersionedDocuments.update(endpoints, next.id(), expectedVersion, toDocument(next), outbox);
    }

    @Override
    public List<Endpoint> all() {
        List<Endpoint> all = new ArrayList<>();
        endpoints.find().sort(Sorts.ascending("_id")).forEach(doc -> all.add(toEndpoint(doc)));
        return all;
    }

    private static Document toDocument(Endpoint endpoint) {
        return new Document("_id", endpoint.id())
                .append("target", endpoint.target())
                .append("failuresInARow", endpoint.failuresInARow())
                .append("disabled", endpoint.disabled())
                .append("reason", endpoint.reason())
                .append("changedAt", DeliveryDocuments.date(endpoint.changedAt()));
    }

    private static Endpoint toEndpoint(Document doc) {
        return new Endpoint(doc.getString("_id"), doc.getString("target"), doc.getInteger("failuresInARow", 0),
                Boolean.TRUE.equals(doc.getBoolean("disabled")), doc.getString("reason"),
                DeliveryDocuments.instant(doc.getDate("changedAt")));
    }
}

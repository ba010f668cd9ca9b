package io.mflow.notify.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.mflow.notify.app.Endpoints;
import io.mflow.notify.domain.Endpoint;
import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Endpoints in {@code endpoints}, each with its outbox; every change is a compare-and-set on {@code version}. */
public class MongoEndpoints implements Endpoints {

    static final String COLLECTION = "endpoints";

    private final MongoCollection<Document> endpoints;
    private final Consumer<String> relay;

    /** @param relay told of each owner whose outbox a write filled */
    public MongoEndpoints(MongoTemplate mongo, Consumer<String> relay) {
        this.endpoints = mongo.getCollection(COLLECTION);
        this.relay = relay;
        MongoOutboxDocuments.prepare(endpoints);
    }

    @Override
    public Optional<Endpoint> find(String endpointId) {
        return Optional.ofNullable(endpoints.find(Filters.eq("_id", endpointId)).first()).map(MongoEndpoints::toEndpoint);
    }

    @Override
    public boolean save(Endpoint current, Endpoint next, List<OutboxEntry> announced) {
        long version = current == null ? 0 : current.version() + 1;
        Document set = new Document("target", next.target())
                .append("failuresInARow", next.failuresInARow())
                .append("disabled", next.disabled())
                .append("reason", next.reason())
                .append("changedAt", DeliveryDocuments.date(next.changedAt()))
                .append("version", version);
        List<Document> records = announced.stream().map(NotifyOutboxes::toDocument).toList();
        if (current == null) {
            Document doc = new Document("_id", next.id()).append(MongoOutboxDocuments.OUTBOX, records);
            doc.putAll(set);
            if (!records.isEmpty()) {
                doc.append(MongoOutboxDocuments.PENDING, true);
            }
            try {
                endpoints.insertOne(doc);
                wakeIf(next, records);
                return true;
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        Document update = new Document("$set", set);
        if (!records.isEmpty()) {
            set.append(MongoOutboxDocuments.PENDING, true);
            update.append("$push", new Document(MongoOutboxDocuments.OUTBOX, new Document("$each", records)));
        }
        boolean saved = endpoints.updateOne(Filters.and(Filters.eq("_id", current.id()),
                Filters.eq("version", current.version())), update).getModifiedCount() == 1;
        if (saved) {
            wakeIf(next, records);
        }
        return saved;
    }

    private void wakeIf(Endpoint endpoint, List<Document> records) {
        if (!records.isEmpty()) {
            relay.accept(NotifyOutboxes.ownerOf(COLLECTION, endpoint.id()));
        }
    }

    @Override
    public List<Endpoint> all() {
        List<Endpoint> all = new ArrayList<>();
        endpoints.find().sort(Sorts.ascending("_id")).forEach(doc -> all.add(toEndpoint(doc)));
        return all;
    }

    private static Endpoint toEndpoint(Document doc) {
        Number version = doc.get("version", Number.class);
        return new Endpoint(doc.getString("_id"), doc.getString("target"), doc.getInteger("failuresInARow", 0),
                Boolean.TRUE.equals(doc.getBoolean("disabled")), doc.getString("reason"),
                DeliveryDocuments.instant(doc.getDate("changedAt")), version == null ? 0 : version.longValue());
    }
}

package io.mflow.notify.adapter.mongo;

import io.mflow.platform.aggregate.VersionedDocuments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mflow.notify.app.DeliveryHistory;
import io.mflow.notify.app.SettledDeliveries;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryState;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.OutboxEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The record of every settled delivery, {@code deliveries}, each with the record announcing it in its outbox. A
 * settled delivery is only ever created: its document's {@code version} stays the first.
 */
public class MongoDeliveries implements AggregateStore<Delivery>, SettledDeliveries, DeliveryHistory {

    public static final String COLLECTION = "deliveries";

    private final MongoCollection<Document> deliveries;

    public MongoDeliveries(MongoTemplate mongo) {
        this.deliveries = mongo.getCollection(COLLECTION);
        deliveries.createIndex(Indexes.ascending("ownerId"));
        // retention's sweep: a settled delivery is written once, so this costs one index entry per delivery
        deliveries.createIndex(Indexes.ascending("finishedAt"));
    }

    @Override
    public Optional<Stored<Delivery>> read(String id) {
        return Optional.ofNullable(deliveries.find(Filters.eq("_id", id)).first()).map(DeliveryDocuments::toStored);
    }

    @Override
    public boolean insert(Delivery settled, List<OutboxEntry> outbox) {
        return VersionedDocuments.insert(deliveries, DeliveryDocuments.toDocument(settled), outbox);
    }

    @Override
    public boolean update(Delivery next, long expectedVersion, List<OutboxEntry> outbox) {
        return VersionedDocuments.update(deliveries, next.id(), expectedVersion, DeliveryDocuments.toDocument(next),
                outbox);
    }

    @Override
    public boolean isSettled(String deliveryId) {
        return deliveries.find(Filters.eq("_id", deliveryId)).projection(Projections.include("_id")).first() != null;
    }

    @Override
    public List<Delivery> of(String ownerId) {
        List<Delivery> found = new ArrayList<>();
        deliveries.find(Filters.eq("ownerId", ownerId)).sort(Sorts.ascending("createdAt", "_id"))
                .forEach(doc -> found.add(DeliveryDocuments.toDelivery(doc)));
        return found;
    }

    @Override
    public boolean deliveredLater(Delivery delivery) {
        return deliveries.find(Filters.and(DeliveryDocuments.laterThan(delivery),
                Filters.eq("state", DeliveryState.DELIVERED.name()))).limit(1).first() != null;
    }

    @Override
    public int removeSettledBefore(Instant cutoff, int limit) {
        List<String> due = new ArrayList<>();
        deliveries.find(Filters.lt("finishedAt", Date.from(cutoff))).sort(Sorts.ascending("finishedAt")).limit(limit)
                .projection(Projections.include("_id")).forEach(doc -> due.add(doc.getString("_id")));
        if (due.isEmpty()) {
            return 0;
        }
        // one whose announcement the relay has not sent yet stays until it has (its outbox is then empty)
        return (int) deliveries.deleteMany(Filters.and(Filters.in("_id", due),
                Filters.or(Filters.exists("outbox", false), Filters.size("outbox", 0)))).getDeletedCount();
    }
}

package io.mflow.notify.adapter.mongo;

import io.mflow.platform.aggregate.VersionedDocuments;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mflow.notify.app.SettledDeliveries;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryState;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The record of every settled delivery, {@code deliveries}, each with the record announcing it in its outbox. A
 * settled delivery is only ever created: its document's {@code version} stays the first.
 */
public class MongoDeliveries implements AggregateStore<Delivery>, SettledDeliveries {

    public static final String COLLECTION = "deliveries";

    private final MongoCollection<Document> deliveries;

    public MongoDeliveries(MongoTemplate mongo) {
        this.deliveries = mongo.getCollection(COLLECTION);
        deliveries.createIndex(Indexes.ascending("ownerId"));
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
}

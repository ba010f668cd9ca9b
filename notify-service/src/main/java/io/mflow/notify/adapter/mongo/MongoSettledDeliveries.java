package io.mflow.notify.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mflow.notify.app.SettledDeliveries;
import io.mflow.notify.domain.Delivery;
import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The record of every settled delivery, {@code deliveries}, each with the record announcing it in its outbox. */
public class MongoSettledDeliveries implements SettledDeliveries {

    static final String COLLECTION = "deliveries";

    private final MongoCollection<Document> deliveries;
    private final Consumer<String> relay;

    /** @param relay told of each owner whose outbox a write filled */
    public MongoSettledDeliveries(MongoTemplate mongo, Consumer<String> relay) {
        this.deliveries = mongo.getCollection(COLLECTION);
        this.relay = relay;
        deliveries.createIndex(Indexes.ascending("ownerId"));
        MongoOutboxDocuments.prepare(deliveries);
    }

    @Override
    public boolean isSettled(String deliveryId) {
        return deliveries.find(Filters.eq("_id", deliveryId)).projection(Projections.include("_id")).first() != null;
    }

    @Override
    public void settle(Delivery settled, OutboxEntry announced) {
        Document doc = DeliveryDocuments.toDocument(settled)
                .append(MongoOutboxDocuments.OUTBOX, List.of(NotifyOutboxes.toDocument(announced)))
                .append(MongoOutboxDocuments.PENDING, true);
        try {
            deliveries.insertOne(doc);
            relay.accept(NotifyOutboxes.ownerOf(COLLECTION, settled.id()));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // settled before (a crash between this write and the queue's): the first record stands
        }
    }

    @Override
    public List<Delivery> of(String ownerId) {
        List<Delivery> found = new ArrayList<>();
        deliveries.find(Filters.eq("ownerId", ownerId)).sort(Sorts.ascending("createdAt", "_id"))
                .forEach(doc -> found.add(DeliveryDocuments.toDelivery(doc)));
        return found;
    }
}

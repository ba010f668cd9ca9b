package io.mflow.notify.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.mflow.notify.app.PendingDeliveries;
import io.mflow.notify.domain.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The queue of deliveries still to be tried, {@code pending_deliveries}: small, since settled ones leave it. */
public class MongoPendingDeliveries implements PendingDeliveries {

    static final String COLLECTION = "pending_deliveries";

    private final MongoCollection<Document> queue;

    public MongoPendingDeliveries(MongoTemplate mongo) {
        this.queue = mongo.getCollection(COLLECTION);
        queue.createIndex(Indexes.ascending("nextAttemptAt"));
    }

    @Override
    public boolean add(Delivery delivery) {
        try {
            queue.insertOne(DeliveryDocuments.toDocument(delivery));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<Delivery> due(Instant now, int limit) {
        Date at = Date.from(now);
        List<Delivery> due = new ArrayList<>();
        queue.find(Filters.and(Filters.lte("nextAttemptAt", at),
                        Filters.or(Filters.eq("leaseUntil", null), Filters.lte("leaseUntil", at))))
                .sort(Sorts.ascending("nextAttemptAt")).limit(limit)
                .forEach(doc -> due.add(DeliveryDocuments.toDelivery(doc)));
        return due;
    }

    @Override
    public boolean update(Delivery current, Delivery next) {
        Document replacement = DeliveryDocuments.toDocument(next.atVersion(current.version() + 1));
        return queue.replaceOne(Filters.and(Filters.eq("_id", current.id()), Filters.eq("version", current.version())),
                replacement).getModifiedCount() == 1;
    }

    @Override
    public void remove(String deliveryId) {
        queue.deleteOne(Filters.eq("_id", deliveryId));
    }
}

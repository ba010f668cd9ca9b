package io.mflow.notify.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.mflow.notify.app.PendingDeliveries;
import io.mflow.notify.domain.Delivery;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.outbox.MongoOutboxes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The queue of deliveries still to be tried, {@code pending_deliveries}: small, since settled ones leave it. Each
 * write is a compare-and-set on the document's {@code version}; no outbox is kept here.
 */
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
            queue.insertOne(DeliveryDocuments.toDocument(delivery)
                    .append(MongoOutboxes.VERSION, Stored.FIRST_VERSION));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<Stored<Delivery>> due(Instant now, int limit) {
        Date at = Date.from(now);
        List<Stored<Delivery>> due = new ArrayList<>();
        queue.find(Filters.and(Filters.lte("nextAttemptAt", at),
                        Filters.or(Filters.eq("leaseUntil", null), Filters.lte("leaseUntil", at))))
                .sort(Sorts.ascending("nextAttemptAt")).limit(limit)
                .forEach(doc -> due.add(DeliveryDocuments.toStored(doc)));
        return due;
    }

    @Override
    public Optional<Stored<Delivery>> update(Stored<Delivery> current, Delivery next) {
        long version = current.version() + 1;
        Document replacement = DeliveryDocuments.toDocument(next).append(MongoOutboxes.VERSION, version);
        boolean replaced = queue.replaceOne(Filters.and(Filters.eq("_id", current.aggregate().id()),
                Filters.eq(MongoOutboxes.VERSION, current.version())), replacement).getModifiedCount() == 1;
        return replaced ? Optional.of(new Stored<>(next, version)) : Optional.empty();
    }

    @Override
    public void remove(String deliveryId) {
        queue.deleteOne(Filters.eq("_id", deliveryId));
    }

    @Override
    public boolean hasLater(Delivery delivery) {
        return queue.find(DeliveryDocuments.laterThan(delivery)).limit(1).first() != null;
    }
}

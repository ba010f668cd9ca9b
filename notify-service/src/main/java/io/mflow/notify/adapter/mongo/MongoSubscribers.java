package io.mflow.notify.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteError;
import io.mflow.notify.app.Subscribers;
import io.mflow.notify.domain.Subscriber;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

public class MongoSubscribers implements Subscribers {

    private final MongoTemplate mongo;

    public MongoSubscribers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Set<String> saveAllIfAbsent(List<Subscriber> plan) {
        if (plan.isEmpty()) {
            return Set.of();
        }
        Set<String> stored = new HashSet<>(plan.stream().map(Subscriber::ownerId).toList());
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, SubscriptionDocument.class)
                    .insert(plan.stream().map(SubscriptionDocument::from).toList())
                    .execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                stored.remove(plan.get(error.getIndex()).ownerId()); // a redelivered plan: the first copy stays
            }
        }
        return stored;
    }

    @Override
    public void save(Subscriber subscriber) {
        mongo.save(SubscriptionDocument.from(subscriber));
    }

    @Override
    public Optional<Subscriber> of(String ownerId) {
        return Optional.ofNullable(mongo.findById(ownerId, SubscriptionDocument.class))
                .map(SubscriptionDocument::toDomain);
    }
}

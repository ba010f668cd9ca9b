package io.mflow.notify.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteError;
import io.mflow.notify.app.Subscriptions;
import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

public class MongoSubscriptions implements Subscriptions {

    private final MongoTemplate mongo;

    public MongoSubscriptions(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Set<String> saveAllIfAbsent(List<JobTaskSubscriptions> plan) {
        if (plan.isEmpty()) {
            return Set.of();
        }
        Set<String> stored = new HashSet<>(plan.stream().map(JobTaskSubscriptions::jobTaskId).toList());
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, SubscriptionDocument.class)
                    .insert(plan.stream().map(SubscriptionDocument::from).toList())
                    .execute();
        } catch (BulkOperationException e) {
            for (BulkWriteError error : e.getErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                stored.remove(plan.get(error.getIndex()).jobTaskId()); // a redelivered plan: the first copy stays
            }
        }
        return stored;
    }

    @Override
    public Optional<JobTaskSubscriptions> of(String jobTaskId) {
        return Optional.ofNullable(mongo.findById(jobTaskId, SubscriptionDocument.class))
                .map(SubscriptionDocument::toDomain);
    }
}

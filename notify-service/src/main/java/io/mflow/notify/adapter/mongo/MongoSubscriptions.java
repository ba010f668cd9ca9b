package io.mflow.notify.adapter.mongo;

import io.mflow.notify.app.Subscriptions;
import io.mflow.notify.domain.JobTaskSubscriptions;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

public class MongoSubscriptions implements Subscriptions {

    private final MongoTemplate mongo;

    public MongoSubscriptions(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void saveIfAbsent(JobTaskSubscriptions subscriptions) {
        try {
            mongo.insert(SubscriptionDocument.from(subscriptions));
        } catch (DuplicateKeyException e) {
            // a redelivered plan: the first copy stays as it is
        }
    }

    @Override
    public Optional<JobTaskSubscriptions> of(String jobTaskId) {
        return Optional.ofNullable(mongo.findById(jobTaskId, SubscriptionDocument.class))
                .map(SubscriptionDocument::toDomain);
    }
}

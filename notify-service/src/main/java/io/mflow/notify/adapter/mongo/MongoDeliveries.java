package io.mflow.notify.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.mflow.notify.app.Deliveries;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import java.time.Clock;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

public class MongoDeliveries implements Deliveries {

    private final MongoTemplate mongo;
    private final Clock clock;

    public MongoDeliveries(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public boolean claim(Delivery delivery) {
        try {
            mongo.insert(DeliveryDocument.claimed(delivery));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public void record(String deliveryId, DeliveryResult result) {
        mongo.updateFirst(Query.query(where("_id").is(deliveryId)), new Update()
                .set("finishedAt", clock.instant())
                .set("success", result.success())
                .set("httpStatus", result.httpStatus())
                .set("responseExcerpt", result.responseExcerpt())
                .set("durationMillis", result.durationMillis())
                .set("error", result.error()), DeliveryDocument.class);
    }

    @Override
    public List<Delivery> ofJobTask(String jobTaskId) {
        Query query = Query.query(where("jobTaskId").is(jobTaskId)).with(Sort.by("claimedAt", "_id"));
        return mongo.find(query, DeliveryDocument.class).stream().map(DeliveryDocument::toDomain).toList();
    }
}

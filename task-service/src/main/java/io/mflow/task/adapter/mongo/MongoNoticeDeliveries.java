package io.mflow.task.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.mflow.task.app.NoticeDeliveries;
import io.mflow.task.domain.NoticeDelivery;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code notice_deliveries}: one document per job task or pipeline task, with the delivery results of its notices.
 * Kept apart from the task's own document, so recording a result never races with the task's changes.
 */
@Component
class MongoNoticeDeliveries implements NoticeDeliveries {

    static final String COLLECTION = "notice_deliveries";

    private final MongoCollection<Document> deliveries;

    MongoNoticeDeliveries(MongoTemplate mongo) {
        this.deliveries = mongo.getCollection(COLLECTION);
    }

    @Override
    public void record(String ownerId, NoticeDelivery d) {
        Document entry = new Document("deliveryId", d.deliveryId()).append("event", d.event())
                .append("channel", d.channel()).append("target", d.target()).append("state", d.state())
                .append("attempts", d.attempts()).append("httpStatus", d.httpStatus())
                .append("platformCode", d.platformCode()).append("platformMessage", d.platformMessage())
                .append("responseExcerpt", d.responseExcerpt()).append("durationMillis", d.durationMillis())
                .append("error", d.error()).append("at", d.at() == null ? null : Date.from(d.at()));
        try {
            // Matches only while the result is not there yet; when it is, the upsert's insert collides and stops.
            deliveries.updateOne(Filters.and(Filters.eq("_id", ownerId), Filters.ne("deliveries.deliveryId",
                    d.deliveryId())), Updates.push("deliveries", entry), new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    @Override
    public List<NoticeDelivery> of(String ownerId) {
        Document doc = deliveries.find(Filters.eq("_id", ownerId)).first();
        List<NoticeDelivery> found = new ArrayList<>();
        if (doc == null) {
            return found;
        }
        for (Document d : doc.getList("deliveries", Document.class, List.of())) {
            Number millis = d.get("durationMillis", Number.class);
            Date at = d.getDate("at");
            found.add(new NoticeDelivery(d.getString("deliveryId"), d.getString("event"), d.getString("channel"),
                    d.getString("target"), d.getString("state"), d.getInteger("attempts", 0),
                    d.getInteger("httpStatus"), d.getString("platformCode"), d.getString("platformMessage"),
                    d.getString("responseExcerpt"), millis == null ? 0 : millis.longValue(), d.getString("error"),
                    at == null ? null : at.toInstant()));
        }
        return found;
    }
}

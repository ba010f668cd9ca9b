package io.mflow.task.adapter.mongo;

import io.mflow.task.app.Page;
import java.util.Map;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

final class Paging {

    private Paging() {
    }

    /** The query narrowed to documents whose {@code labels} hold every one given (the caller checked the keys). */
    static Query labelled(Query query, Map<String, String> labels) {
        labels.forEach((key, value) -> query.addCriteria(Criteria.where(labelPath(key)).is(value)));
        return query;
    }

    /** Where a label is stored: a key's dots as the converter replaces them (MongoConfiguration), not a path. */
    static String labelPath(String key) {
        return "labels." + key.replace(".", "\uff0e");
    }

    /** Newest first; the id breaks ties between documents created in the same millisecond. */
    static <T> Page<T> page(MongoTemplate mongo, Query query, Class<T> type, String collection, int page, int size) {
        long total = mongo.count(query, collection);
        query.with(Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by(Sort.Direction.DESC, "_id")))
                .skip((long) page * size).limit(size);
        return new Page<>(mongo.find(query, type, collection), page, size, total);
    }
}

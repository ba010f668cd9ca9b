package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/**
 * A small state document (a lane, a schedule's state) written only if nobody wrote it since it was read: version 1 is
 * an insert that fails on an existing id, version n replaces the document only where it is still at n-1. The store,
 * not a lock, decides which replica's change counts.
 */
final class CompareAndSet {

    private CompareAndSet() {
    }

    /** Whether {@code document}, at {@code version}, was written; false when another writer got there first. */
    static boolean write(MongoTemplate mongo, String collection, String id, long version, Object document) {
        if (version == 1) {
            try {
                mongo.insert(document, collection);
                return true;
            } catch (DuplicateKeyException taken) {
                return false;
            }
        }
        Query current = Query.query(where("_id").is(id).and("version").is(version - 1));
        return mongo.findAndReplace(current, document, collection) != null;
    }
}

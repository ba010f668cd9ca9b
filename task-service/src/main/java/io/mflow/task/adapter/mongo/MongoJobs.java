package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.Jobs;
import io.mflow.task.app.Page;
import io.mflow.task.domain.Job;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

@Component
class MongoJobs implements Jobs {

    static final String COLLECTION = "jobs";

    private final MongoTemplate mongo;

    MongoJobs(MongoTemplate mongo) {
        this.mongo = mongo;
        // The unique index, not a check before the insert, is what keeps two concurrent creates from both winning.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("name", Sort.Direction.ASC).unique());
    }

    @Override
    public boolean add(Job job) {
        try {
            mongo.insert(JobDocument.of(job), COLLECTION);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<Job> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, JobDocument.class, COLLECTION)).map(JobDocument::toDomain);
    }

    @Override
    public Optional<Job> byName(String name) {
        return Optional.ofNullable(mongo.findOne(query(where("name").is(name)), JobDocument.class, COLLECTION))
                .map(JobDocument::toDomain);
    }

    @Override
    public Page<Job> page(int page, int size, Map<String, String> labels) {
        return Paging.page(mongo, Paging.labelled(new Query(), labels), JobDocument.class, COLLECTION, page, size)
                .map(JobDocument::toDomain);
    }
}

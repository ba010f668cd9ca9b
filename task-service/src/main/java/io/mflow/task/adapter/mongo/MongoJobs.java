package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.Jobs;
import io.mflow.task.app.Page;
import io.mflow.task.domain.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

@Component
class MongoJobs implements Jobs {

    static final String COLLECTION = "jobs";

    private final MongoTemplate mongo;

    MongoJobs(MongoTemplate mongo) {
        this.mongo = mongo;
        // A job stored before namespaces and versions is version v1 of its name in the default namespace; its name
        // alone is no longer unique.
        mongo.updateMulti(query(where("namespace").exists(false)), new Update().set("namespace", Job.DEFAULT_NAMESPACE),
                COLLECTION);
        mongo.updateMulti(query(where("version").exists(false)), new Update().set("version", Job.FIRST_VERSION),
                COLLECTION);
        if (mongo.indexOps(COLLECTION).getIndexInfo().stream().anyMatch(i -> i.getName().equals("name_1"))) {
            try {
                mongo.indexOps(COLLECTION).dropIndex("name_1");
            } catch (DataAccessException droppedByAnotherReplica) {
                // two replicas starting at once both see it; one drops it, the other has nothing left to do
            }
        }
        // The unique index, not a check before the insert, is what keeps two concurrent creates from both winning.
        mongo.indexOps(COLLECTION).createIndex(new Index().on("namespace", Sort.Direction.ASC)
                .on("name", Sort.Direction.ASC).on("version", Sort.Direction.ASC).unique());
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
    public List<Job> versions(String namespace, String name) {
        return mongo.find(query(where("namespace").is(namespace).and("name").is(name))
                        .with(Sort.by("createdAt", "_id")), JobDocument.class, COLLECTION)
                .stream().map(JobDocument::toDomain).toList();
    }

    @Override
    public boolean deprecate(String id) {
        return mongo.updateFirst(query(where("_id").is(id)), new Update().set("deprecated", true), COLLECTION)
                .getMatchedCount() == 1;
    }

    @Override
    public boolean remove(String id) {
        return mongo.remove(query(where("_id").is(id)), COLLECTION).getDeletedCount() == 1;
    }

    @Override
    public Page<Job> page(String namespace, String name, Map<String, String> labels, int page, int size) {
        Query query = Paging.labelled(new Query(), labels);
        if (namespace != null && !namespace.isBlank()) {
            query.addCriteria(where("namespace").is(namespace));
        }
        if (name != null && !name.isBlank()) {
            query.addCriteria(where("name").is(name));
        }
        return Paging.page(mongo, query, JobDocument.class, COLLECTION, page, size).map(JobDocument::toDomain);
    }
}

package io.mflow.task.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.task.app.ApiTokens;
import io.mflow.task.domain.ApiToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

@Component
class MongoApiTokens implements ApiTokens {

    static final String COLLECTION = "api_tokens";

    private final MongoTemplate mongo;

    MongoApiTokens(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void add(ApiToken token) {
        mongo.insert(ApiTokenDocument.of(token), COLLECTION);
    }

    @Override
    public Optional<ApiToken> byHash(String hash) {
        return Optional.ofNullable(mongo.findById(hash, ApiTokenDocument.class, COLLECTION))
                .map(ApiTokenDocument::toDomain);
    }

    @Override
    public List<ApiToken> ofUser(String userName) {
        return mongo.find(query(where("userName").is(userName)).with(Sort.by("createdAt")), ApiTokenDocument.class,
                COLLECTION).stream().map(ApiTokenDocument::toDomain).toList();
    }

    @Override
    public boolean remove(String userName, String id) {
        return mongo.remove(query(where("userName").is(userName).and("tokenId").is(id)), COLLECTION)
                .getDeletedCount() > 0;
    }

    @Override
    public void markUsed(String hash, Instant at) {
        mongo.updateFirst(query(where("_id").is(hash)), new Update().set("lastUsedAt", at), COLLECTION);
    }
}

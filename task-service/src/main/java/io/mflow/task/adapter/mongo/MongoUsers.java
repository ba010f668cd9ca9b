package io.mflow.task.adapter.mongo;

import io.mflow.task.app.Users;
import io.mflow.task.domain.User;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

@Component
class MongoUsers implements Users {

    static final String COLLECTION = "users";

    private final MongoTemplate mongo;

    MongoUsers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public boolean add(User user) {
        try {
            mongo.insert(UserDocument.of(user), COLLECTION);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public void replace(User user) {
        mongo.save(UserDocument.of(user), COLLECTION);
    }

    @Override
    public Optional<User> byName(String name) {
        return Optional.ofNullable(mongo.findById(name, UserDocument.class, COLLECTION)).map(UserDocument::toDomain);
    }

    @Override
    public List<User> all() {
        return mongo.find(new Query().with(Sort.by("_id")), UserDocument.class, COLLECTION).stream()
                .map(UserDocument::toDomain).toList();
    }

    @Override
    public boolean any() {
        return mongo.exists(new Query(), COLLECTION);
    }
}

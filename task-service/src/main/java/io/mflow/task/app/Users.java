package io.mflow.task.app;

import io.mflow.task.domain.User;
import java.util.List;
import java.util.Optional;

public interface Users {

    /** False when a user of that name exists already. */
    boolean add(User user);

    void replace(User user);

    Optional<User> byName(String name);

    List<User> all();

    boolean any();
}

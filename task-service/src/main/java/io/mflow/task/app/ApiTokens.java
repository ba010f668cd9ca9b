package io.mflow.task.app;

import io.mflow.task.domain.ApiToken;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface ApiTokens {

    void add(ApiToken token);

    Optional<ApiToken> byHash(String hash);

    List<ApiToken> ofUser(String userName);

    /** False when the user has no token with that id. */
    boolean remove(String userName, String id);

    void markUsed(String hash, Instant at);
}

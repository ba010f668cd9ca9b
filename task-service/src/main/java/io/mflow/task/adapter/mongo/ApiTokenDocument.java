package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.ApiToken;
import java.time.Instant;
import org.springframework.data.annotation.Id;

/** A token as stored: keyed by its hash, so authenticating a request is one lookup by id. */
record ApiTokenDocument(@Id String hash, String tokenId, String userName, String name, Instant createdAt,
                        Instant expiresAt, Instant lastUsedAt) {

    static ApiTokenDocument of(ApiToken token) {
        return new ApiTokenDocument(token.hash(), token.id(), token.userName(), token.name(), token.createdAt(),
                token.expiresAt(), token.lastUsedAt());
    }

    ApiToken toDomain() {
        return new ApiToken(tokenId, userName, name, hash, createdAt, expiresAt, lastUsedAt);
    }
}

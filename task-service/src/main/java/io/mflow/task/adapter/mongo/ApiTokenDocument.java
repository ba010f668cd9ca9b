package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.AgentBinding;
import io.mflow.task.domain.ApiToken;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;

/** A token as stored: keyed by its hash, so authenticating a request is one lookup by id. */
record ApiTokenDocument(@Id String hash, String tokenId, String userName, String name, Instant createdAt,
                        Instant expiresAt, Instant lastUsedAt, Agent agent) {

    /** The token's agent binding; absent on tokens that bind none, and on every token issued before bindings. */
    record Agent(List<String> tags, int maxConcurrency, boolean untagged) {
    }

    static ApiTokenDocument of(ApiToken token) {
        AgentBinding bound = token.agent();
        return new ApiTokenDocument(token.hash(), token.id(), token.userName(), token.name(), token.createdAt(),
                token.expiresAt(), token.lastUsedAt(),
                bound == null ? null : new Agent(bound.tags(), bound.maxConcurrency(), bound.untagged()));
    }

    ApiToken toDomain() {
        return new ApiToken(tokenId, userName, name, hash, createdAt, expiresAt, lastUsedAt,
                agent == null ? null : new AgentBinding(agent.tags(), agent.maxConcurrency(), agent.untagged()));
    }
}

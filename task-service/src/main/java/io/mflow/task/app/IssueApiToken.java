package io.mflow.task.app;

import io.mflow.task.domain.AgentBinding;
import io.mflow.task.domain.ApiToken;
import io.mflow.task.domain.Limits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

public class IssueApiToken {

    /** Recognisable in a leaked log or commit, so secret scanners can find it. */
    public static final String PREFIX = "mflow_";
    private static final int MAX_DAYS = 3650;

    private final Users users;
    private final ApiTokens tokens;
    private final Clock clock;
    private final int agentConcurrencyCap;

    /** @param agentConcurrencyCap the most attempts runner-service lets any agent hold, so no binding promises more */
    public IssueApiToken(Users users, ApiTokens tokens, Clock clock, int agentConcurrencyCap) {
        this.users = users;
        this.tokens = tokens;
        this.clock = clock;
        this.agentConcurrencyCap = agentConcurrencyCap;
    }

    /** An agent binding as it was asked for, before it is checked; who may ask for one is the caller's to check. */
    public record AgentRequest(List<String> tags, Integer maxConcurrency, Boolean untagged) {
    }

    /** The token and, this once, its value. */
    public record Issued(ApiToken token, String value) {
    }

    /**
     * @param expiresInDays null for a token that does not expire
     * @param agent null: the token binds no agent work
     */
    public Issued issue(String userName, String name, Integer expiresInDays, AgentRequest agent) {
        RequestRefused.ifInvalid(Limits.checkName("name", name, null));
        AgentBinding binding = null;
        if (agent != null) {
            RequestRefused.ifInvalid(AgentBinding.check(agent.tags(), agent.maxConcurrency(), agentConcurrencyCap));
            binding = new AgentBinding(agent.tags(), agent.maxConcurrency(), Boolean.TRUE.equals(agent.untagged()));
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_DAYS)) {
            throw RequestRefused.invalid("expiresInDays must be between 1 and " + MAX_DAYS + ", got " + expiresInDays);
        }
        if (users.byName(userName).isEmpty()) {
            throw RequestRefused.notFound("no user named " + userName);
        }
        return issue(userName, name, expiresInDays, binding, PREFIX + RandomIds.token());
    }

    Issued issue(String userName, String name, Integer expiresInDays, String value) {
        return issue(userName, name, expiresInDays, null, value);
    }

    private Issued issue(String userName, String name, Integer expiresInDays, AgentBinding agent, String value) {
        Instant now = clock.instant();
        Instant expiresAt = expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays));
        ApiToken token = new ApiToken(RandomIds.next("tok-"), userName, name, ApiToken.hashOf(value), now, expiresAt,
                null, agent);
        tokens.add(token);
        return new Issued(token, value);
    }
}

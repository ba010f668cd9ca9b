package io.mflow.task.app;

public class RevokeApiToken {

    private final ApiTokens tokens;

    public RevokeApiToken(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** Refused from the next request on: tokens are looked up on every request, never cached. */
    public void revoke(String userName, String id) {
        if (!tokens.remove(userName, id)) {
            throw RequestRefused.notFound("user " + userName + " has no token with id " + id);
        }
    }
}

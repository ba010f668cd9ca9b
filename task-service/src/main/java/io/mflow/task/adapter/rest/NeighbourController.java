package io.mflow.task.adapter.rest;

import io.mflow.task.app.Neighbours;
import io.mflow.task.app.RequestRefused;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * runner-service's agents and notify-service's endpoints, read through task-service so that one address and one
 * token serve a person's client (the CLI, a script): asked with the caller's own token, so the service that owns
 * them decides exactly as if it were called directly, and nothing is shown that it would not show.
 */
@RestController
class NeighbourController {

    private final Neighbours neighbours;

    NeighbourController(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    @GetMapping("/api/v1/agents")
    List<Neighbours.Agent> agents(Authentication caller) {
        return neighbours.agents(tokenOf(caller));
    }

    @GetMapping("/api/v1/notify/endpoints")
    List<Neighbours.NoticeEndpoint> endpoints(Authentication caller) {
        return neighbours.noticeEndpoints(tokenOf(caller));
    }

    @PostMapping("/api/v1/notify/endpoints/{id}/enable")
    Neighbours.NoticeEndpoint enable(@PathVariable String id, Authentication caller) {
        return neighbours.enableNoticeEndpoint(id, tokenOf(caller));
    }

    /** The bearer token the caller came with: an API token or an SSO access token, both checked already. */
    private static String tokenOf(Authentication caller) {
        if (caller instanceof AbstractOAuth2TokenAuthenticationToken<?> bearer) {
            return bearer.getToken().getTokenValue();
        }
        throw RequestRefused.unauthenticated("send your token as Authorization: Bearer <token>");
    }
}

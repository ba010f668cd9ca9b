package io.mflow.task.adapter.rest;

import io.mflow.task.app.AgentDirectory;
import io.mflow.task.app.RequestRefused;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The remote agents (name, tags, version, concurrency, last heartbeat, alive, running attempts), as runner-service
 * lists them on its own port: here too, so users find them on the API they use for everything else.
 */
@RestController
class AgentListController {

    private final AgentDirectory agents;

    AgentListController(AgentDirectory agents) {
        this.agents = agents;
    }

    @GetMapping(path = "/api/v1/agents", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> agents(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        AgentDirectory.Listing listing = agents.list(authorization);
        if (listing.status() != 200) {
            throw new RequestRefused(RequestRefused.Reason.UNAVAILABLE,
                    "runner-service, which keeps the agents, answered " + listing.status());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(listing.json());
    }
}

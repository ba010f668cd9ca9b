package io.mflow.notify.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mflow.notify.app.ManageEndpoints;
import io.mflow.notify.domain.Endpoint;
import io.mflow.platform.security.Caller;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The endpoints notices go to, with their health; an admin enables one that too many failures disabled. */
@RestController
@RequestMapping("/api/v1/notify/endpoints")
public class EndpointsController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EndpointResponse(String id, String target, boolean disabled, int failuresInARow, String reason,
                            Instant changedAt) {
        static EndpointResponse of(Endpoint endpoint) {
            return new EndpointResponse(endpoint.id(), endpoint.target(), endpoint.disabled(),
                    endpoint.failuresInARow(), endpoint.reason(), endpoint.changedAt());
        }
    }

    private final ManageEndpoints endpoints;

    public EndpointsController(ManageEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GetMapping
    public List<EndpointResponse> list() {
        return endpoints.all().stream().map(EndpointResponse::of).toList();
    }

    @PostMapping("/{id}/enable")
    public EndpointResponse enable(@PathVariable String id, Authentication caller) {
        return endpoints.enable(id, Caller.identityOf(caller)).map(EndpointResponse::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no endpoint with id " + id));
    }
}

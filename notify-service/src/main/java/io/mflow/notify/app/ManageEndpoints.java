package io.mflow.notify.app;

import io.mflow.notify.domain.Endpoint;
import io.mflow.notify.domain.EndpointEvent;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** What an admin sees of the endpoints, and enabling one that was disabled. */
public class ManageEndpoints {

    private final Endpoints all;
    private final AggregateChanges<Endpoint, EndpointEvent> endpoints;
    private final Clock clock;

    public ManageEndpoints(Endpoints all, AggregateChanges<Endpoint, EndpointEvent> endpoints, Clock clock) {
        this.all = all;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    public List<Endpoint> all() {
        return all.all();
    }

    /**
     * Enabled again with its count of failures reset (as it is when it was not disabled); empty when no such endpoint
     * is known.
     */
    public Optional<Endpoint> enable(String endpointId, String by) {
        return endpoints.change(endpointId, endpoint -> endpoint.enable(by, clock.instant())).map(Changed::aggregate);
    }
}

package io.mflow.notify.app;

import io.mflow.notify.domain.Endpoint;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** What an admin sees of the endpoints, and enabling one that was disabled. */
public class ManageEndpoints {

    private final Endpoints endpoints;
    private final NotifyRecords records;
    private final Clock clock;

    public ManageEndpoints(Endpoints endpoints, NotifyRecords records, Clock clock) {
        this.endpoints = endpoints;
        this.records = records;
        this.clock = clock;
    }

    public List<Endpoint> all() {
        return endpoints.all();
    }

    /** Enabled again with its count of failures reset; empty when no such endpoint is known. */
    public Optional<Endpoint> enable(String endpointId, String by) {
        for (int i = 0; i < 10; i++) {
            Optional<Endpoint> current = endpoints.find(endpointId);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            if (!current.get().disabled()) {
                return current;
            }
            Endpoint enabled = current.get().enabled(by, clock.instant());
            if (endpoints.save(current.get(), enabled, List.of(records.endpointChanged(enabled)))) {
                return Optional.of(enabled);
            }
        }
        throw new IllegalStateException("endpoint " + endpointId + " kept changing; try again");
    }
}

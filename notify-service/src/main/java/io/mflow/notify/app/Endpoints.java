package io.mflow.notify.app;

import io.mflow.notify.domain.Endpoint;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.List;
import java.util.Optional;

/** Each endpoint's run of failures and whether it is disabled. */
public interface Endpoints {

    Optional<Endpoint> find(String endpointId);

    /**
     * Writes {@code next} with what it announces, only if {@code current} is still what is stored (null: nothing is
     * stored for it yet).
     */
    boolean save(Endpoint current, Endpoint next, List<OutboxEntry> announced);

    List<Endpoint> all();
}

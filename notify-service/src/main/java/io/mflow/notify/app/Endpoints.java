package io.mflow.notify.app;

import io.mflow.notify.domain.Endpoint;
import java.util.List;

/** Every endpoint stored, for an admin: written, and read one by one, through {@code AggregateChanges}. */
public interface Endpoints {

    List<Endpoint> all();
}

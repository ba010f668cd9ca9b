package io.mflow.notify.app;

import java.time.Instant;

/** What retention removes of the settled deliveries' records. */
public interface DeliveryHistory {

    /**
     * Removes up to {@code limit} records of deliveries settled before {@code cutoff}, oldest first, keeping any whose
     * announcement has not been sent yet; how many it removed. Idempotent: replicas sweeping at once remove each once.
     */
    int removeSettledBefore(Instant cutoff, int limit);
}

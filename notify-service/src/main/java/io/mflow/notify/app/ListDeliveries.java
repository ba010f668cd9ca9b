package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import java.util.List;

public class ListDeliveries {

    private final SettledDeliveries settled;

    public ListDeliveries(SettledDeliveries settled) {
        this.settled = settled;
    }

    /** What was delivered (or failed for good) for one job task or pipeline task. */
    public List<Delivery> of(String ownerId) {
        return settled.of(ownerId);
    }
}

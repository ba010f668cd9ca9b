package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import java.util.List;

public class ListDeliveries {

    private final Deliveries deliveries;

    public ListDeliveries(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    public List<Delivery> ofJobTask(String jobTaskId) {
        return deliveries.ofJobTask(jobTaskId);
    }
}

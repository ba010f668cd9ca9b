package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import java.util.List;

public interface Deliveries {

    /** Inserts the pending delivery; {@code false} if its id was claimed before (a redelivered event). */
    boolean claim(Delivery delivery);

    void record(String deliveryId, DeliveryResult result);

    List<Delivery> ofJobTask(String jobTaskId);
}

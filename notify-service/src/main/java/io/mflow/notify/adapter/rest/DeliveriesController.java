package io.mflow.notify.adapter.rest;

import io.mflow.notify.app.ListDeliveries;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What was sent for a job task, for operators and tests. Header values and url queries are never shown. */
@RestController
@RequestMapping("/api/v1/deliveries")
public class DeliveriesController {

    private final ListDeliveries listDeliveries;

    public DeliveriesController(ListDeliveries listDeliveries) {
        this.listDeliveries = listDeliveries;
    }

    @GetMapping
    public List<DeliveryResponse> list(@RequestParam String jobTaskId) {
        return listDeliveries.ofJobTask(jobTaskId).stream().map(DeliveryResponse::from).toList();
    }
}

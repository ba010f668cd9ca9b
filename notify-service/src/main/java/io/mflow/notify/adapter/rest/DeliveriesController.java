package io.mflow.notify.adapter.rest;

import io.mflow.notify.app.ListDeliveries;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What was sent for a job task, a pipeline task or a release approval, for operators and tests. */
@RestController
@RequestMapping("/api/v1/deliveries")
public class DeliveriesController {

    private final ListDeliveries listDeliveries;

    public DeliveriesController(ListDeliveries listDeliveries) {
        this.listDeliveries = listDeliveries;
    }

    /** One of {@code jobTaskId}, {@code pipelineTaskId} (a pipeline's own notices) or {@code approvalId}. */
    @GetMapping
    public List<DeliveryResponse> list(@RequestParam(required = false) String jobTaskId,
                                       @RequestParam(required = false) String pipelineTaskId,
                                       @RequestParam(required = false) String approvalId) {
        String owner = jobTaskId != null ? jobTaskId : pipelineTaskId != null ? pipelineTaskId : approvalId;
        if (owner == null || owner.isBlank()) {
            throw new org.springframework.web.server.ResponseStatusException(
                    org.springframework.http.HttpStatus.BAD_REQUEST,
                    "jobTaskId, pipelineTaskId or approvalId is required");
        }
        return listDeliveries.of(owner).stream().map(DeliveryResponse::from).toList();
    }
}

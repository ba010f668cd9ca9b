package io.mflow.notify.adapter.kafka;

import io.mflow.notify.domain.JobTaskSubscriptions;
import io.mflow.notify.domain.StatusChange;
import io.mflow.notify.domain.Subscription;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import java.util.List;

/** The one mapping between the Avro records of {@code mflow.task-events} and the domain. */
final class TaskEventMapping {

    private TaskEventMapping() {
    }

    static List<JobTaskSubscriptions> subscriptions(PipelineTaskCreated plan) {
        return plan.getStages().stream()
                .flatMap(stage -> stage.getTasks().stream())
                .map(task -> new JobTaskSubscriptions(task.getJobTaskId(), plan.getPipelineTaskId(),
                        task.getWebhooks().stream().map(TaskEventMapping::subscription).toList()))
                .toList();
    }

    private static Subscription subscription(Webhook webhook) {
        return new Subscription(webhook.getUrl(), webhook.getEvents(), webhook.getHeaders());
    }

    /** Outputs are left behind on purpose: they may hold runtime values a receiver must not see. */
    static StatusChange statusChange(JobTaskStatusChanged event) {
        return new StatusChange(event.getEventId(), event.getJobTaskId(), event.getJobTaskName(),
                event.getPipelineTaskId(), event.getStageName(), event.getPreviousStage().name(),
                event.getStage().name(), event.getMessage(), event.getOccurredAt());
    }
}

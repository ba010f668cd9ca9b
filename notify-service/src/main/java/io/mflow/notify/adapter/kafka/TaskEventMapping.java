package io.mflow.notify.adapter.kafka;

import io.mflow.notify.domain.TaskChange;
import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.Notice;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.schemas.common.GateKind;
import io.mflow.schemas.common.Mention;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.TaskPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one mapping between the Avro records of {@code mflow.task-events} and the domain. */
final class TaskEventMapping {

    /** The job's own credential: never shown, not even masked. */
    private static final String UPDATE_TOKEN_PARAM = "JOB_TASK_UPDATE_TOKEN";
    private static final String MASK = "******";

    private TaskEventMapping() {
    }

    /** Every job task of the plan, and the pipeline task itself for its own webhooks and mentions. */
    static List<Subscriber> subscribers(PipelineTaskCreated plan) {
        Map<String, String> contacts = plan.getContacts() == null ? Map.of() : plan.getContacts();
        List<Subscriber> subscribers = new ArrayList<>();
        subscribers.add(new Subscriber(plan.getPipelineTaskId(), Notice.Subject.PIPELINE_TASK, plan.getPipelineTaskId(),
                plan.getPipelineName(), null, Map.of(), subscriptions(plan.getWebhooks(), plan.getMentions()),
                contacts));
        plan.getStages().stream().flatMap(stage -> stage.getTasks().stream())
                .map(task -> jobTask(plan, task, contacts))
                .forEach(subscribers::add);
        return subscribers;
    }

    private static Subscriber jobTask(PipelineTaskCreated plan, TaskPlan task, Map<String, String> contacts) {
        return new Subscriber(task.getJobTaskId(), Notice.Subject.JOB_TASK, plan.getPipelineTaskId(),
                plan.getPipelineName(), task.getName(), shown(task.getParams()),
                subscriptions(task.getWebhooks(), task.getMentions()), contacts);
    }

    /** A job run on its own: nothing subscribes, but its auditors are told when it waits for them. */
    static Subscriber subscriber(JobTaskCreated created) {
        return new Subscriber(created.getJobTaskId(), Notice.Subject.JOB_TASK, null, null, created.getName(),
                shown(created.getParams()), List.of(), created.getContacts() == null ? Map.of() : created.getContacts());
    }

    private static List<Subscription> subscriptions(List<Webhook> webhooks, List<Mention> mentions) {
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            Webhook webhook = webhooks.get(i);
            ChannelType type = ChannelType.ofWebhook(webhook.getType(), webhook.getUrl());
            subscriptions.add(Subscription.webhook(i, type == null ? ChannelType.GENERIC : type, webhook.getUrl(),
                    webhook.getEvents(), webhook.getHeaders(), webhook.getSecret()));
        }
        for (Mention mention : mentions == null ? List.<Mention>of() : mentions) {
            subscriptions.add(Subscription.mention(mention.getUser(), mention.getEvents()));
        }
        return subscriptions;
    }

    /** The params as a reader may see them: sensitive values masked, the update token left out. */
    private static Map<String, String> shown(List<RunParam> params) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (RunParam param : params) {
            if (!UPDATE_TOKEN_PARAM.equals(param.getName())) {
                shown.put(param.getName(), param.getSensitive() ? MASK : param.getValue() == null ? "" : param.getValue());
            }
        }
        return shown;
    }

    /** Outputs are left behind on purpose: they may hold runtime values a receiver must not see. */
    static TaskChange change(JobTaskStatusChanged event) {
        return new TaskChange(event.getEventId(), Notice.Subject.JOB_TASK, event.getStage().name(),
                event.getJobTaskId(), event.getJobTaskName(), event.getPipelineTaskId(), event.getStageName(),
                event.getStage().name(), event.getPreviousStage().name(), event.getMessage(), event.getTriggeredBy(),
                event.getStartedAt(), event.getOccurredAt(), event.getAttempt(), List.of());
    }

    static TaskChange change(PipelineTaskStatusChanged event) {
        return new TaskChange(event.getEventId(), Notice.Subject.PIPELINE_TASK, event.getStage().name(), null,
                null, event.getPipelineTaskId(), null, event.getStage().name(), event.getPreviousStage().name(),
                event.getMessage(), event.getTriggeredBy(), event.getStartedAt(), event.getOccurredAt(), 0, List.of());
    }

    /** A gate that starts waiting is news for the people who decide there; its decisions are news as stage changes. */
    static boolean isWaiting(JobTaskGateChanged event) {
        return event.getStage() == io.mflow.schemas.common.GateStage.WAITING;
    }

    static TaskChange waiting(JobTaskGateChanged event) {
        String what = event.getGate() == GateKind.AUDIT ? Notice.AUDIT_WAITING : Notice.CONFIRM_WAITING;
        return new TaskChange(event.getEventId(), Notice.Subject.JOB_TASK, what, event.getJobTaskId(),
                event.getJobTaskName(), event.getPipelineTaskId(), event.getStageName(), null, null, null,
                event.getTriggeredBy(), null, event.getOccurredAt(), 0, event.getPeople());
    }
}

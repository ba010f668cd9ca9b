package io.mflow.notify.adapter.kafka;

import io.mflow.platform.net.ShownUrls;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.notify.domain.Approval;
import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.Endpoint;
import io.mflow.notify.domain.Notice;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.notify.domain.TaskChange;
import io.mflow.schemas.common.GateKind;
import io.mflow.schemas.common.GateStage;
import io.mflow.schemas.common.Mention;
import io.mflow.schemas.common.NoticeSubject;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.ApprovalChanged;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.event.NotifyEndpointChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.TaskPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping between notify-service's domain and the Avro classes of the contract: the task events it reads
 * from {@code mflow.task-events}, and what it announces on {@code mflow.notify-events}.
 */
final class NotifyAvroMapping {

    /** The job's own credential: never shown, not even masked. */
    private static final String UPDATE_TOKEN_PARAM = "JOB_TASK_UPDATE_TOKEN";
    private static final String MASK = "******";

    private NotifyAvroMapping() {
    }

    /** Every job task of the plan, and the pipeline task itself for its own webhooks and mentions. */
    static List<Subscriber> subscribers(PipelineTaskCreated plan, SealedValues sealed) {
        Map<String, String> contacts = plan.getContacts() == null ? Map.of() : plan.getContacts();
        List<Subscriber> subscribers = new ArrayList<>();
        subscribers.add(new Subscriber(plan.getPipelineTaskId(), Notice.Subject.PIPELINE_TASK,
                plan.getPipelineTaskId(), plan.getPipelineName(), null, Map.of(),
                subscriptions(plan.getWebhooks(), plan.getMentions(), sealed), contacts));
        plan.getStages().stream().flatMap(stage -> stage.getTasks().stream())
                .map(task -> jobTask(plan, task, contacts, sealed))
                .forEach(subscribers::add);
        return subscribers;
    }

    private static Subscriber jobTask(PipelineTaskCreated plan, TaskPlan task, Map<String, String> contacts,
                                      SealedValues sealed) {
        return new Subscriber(task.getJobTaskId(), Notice.Subject.JOB_TASK, plan.getPipelineTaskId(),
                plan.getPipelineName(), task.getName(), shown(task.getParams()),
                subscriptions(task.getWebhooks(), task.getMentions(), sealed), contacts);
    }

    /** A job run on its own: nothing subscribes, but its auditors are told when it waits for them. */
    static Subscriber subscriber(JobTaskCreated created) {
        return new Subscriber(created.getJobTaskId(), Notice.Subject.JOB_TASK, null, null, created.getName(),
                shown(created.getParams()), List.of(), created.getContacts() == null ? Map.of() : created.getContacts());
    }

    /**
     * A webhook's url comes sealed (plain from a task-service of before): it is opened here, once, to tell its type
     * by its host, to show it masked and to name its endpoint, and stays sealed in the subscription.
     */
    private static List<Subscription> subscriptions(List<Webhook> webhooks, List<Mention> mentions,
                                                    SealedValues sealed) {
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            Webhook webhook = webhooks.get(i);
            String url = sealed.open(webhook.getUrl(), SealedPlace.webhookUrl());
            ChannelType type = ChannelType.ofWebhook(webhook.getType(), url);
            String kept = SealedValues.isSealed(webhook.getUrl()) ? webhook.getUrl()
                    : sealed.seal(url, SealedPlace.webhookUrl());
            subscriptions.add(Subscription.webhook(i, type == null ? ChannelType.GENERIC : type, kept,
                    ShownUrls.shown(url), Subscription.endpointIdOf(url), webhook.getEvents(), webhook.getHeaders(),
                    webhook.getSecret()));
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
                shown.put(param.getName(),
                        param.getSensitive() ? MASK : param.getValue() == null ? "" : param.getValue());
            }
        }
        return shown;
    }

    /**
     * A release approval with its robots and one mention per person it may tell (their sealed addresses in its
     * contacts); which of them hear of a move is the domain's choice.
     */
    static Subscriber approvalSubscriber(ApprovalChanged event, SealedValues sealed) {
        Approval approval = approval(event);
        List<Mention> people = approval.people().stream()
                .map(user -> Mention.newBuilder().setUser(user).setEvents(List.of()).build()).toList();
        return new Subscriber(event.getApprovalId(), Notice.Subject.APPROVAL, event.getPipelineTaskId(),
                event.getPipelineName(), null, Map.of(), subscriptions(event.getWebhooks(), people, sealed),
                event.getContacts() == null ? Map.of() : event.getContacts());
    }

    /** An approval's move; its params shown, a sensitive (sealed) value masked and never opened. */
    static Notice approvalNotice(ApprovalChanged event) {
        Map<String, String> params = new LinkedHashMap<>();
        for (RunParam param : event.getRunParams()) {
            String value = param.getValue() == null ? "" : param.getValue();
            params.put(param.getName(), param.getSensitive() || SealedValues.isSealed(value) ? MASK : value);
        }
        return Notice.ofApproval(event.getEventId(), approval(event), event.getStage().name(),
                event.getPreviousStage() == null ? null : event.getPreviousStage().name(), event.getPipelineName(),
                event.getPipelineTaskId(), params, event.getUrl(), event.getOccurredAt());
    }

    private static Approval approval(ApprovalChanged event) {
        return new Approval(event.getApprovalId(), event.getTitle(), event.getDescription(), event.getCreatedBy(),
                event.getOperators(), event.getAuditors(), event.getPipelineId(), event.getAutoRun(), event.getBy(),
                event.getComment());
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
        return event.getStage() == GateStage.WAITING;
    }

    static TaskChange waiting(JobTaskGateChanged event) {
        String what = event.getGate() == GateKind.AUDIT ? Notice.AUDIT_WAITING : Notice.CONFIRM_WAITING;
        return new TaskChange(event.getEventId(), Notice.Subject.JOB_TASK, what, event.getJobTaskId(),
                event.getJobTaskName(), event.getPipelineTaskId(), event.getStageName(), null, null, null,
                event.getTriggeredBy(), null, event.getOccurredAt(), 0, event.getPeople());
    }

    /** The announcement of a settled delivery: its result, never the notice's contents. */
    static NotificationDelivered delivered(Delivery settled) {
        Notice notice = settled.notice();
        DeliveryResult result = settled.lastResult();
        return NotificationDelivered.newBuilder()
                .setEventId(settled.id() + ":" + settled.state().name())
                .setDeliveryId(settled.id())
                .setNoticeEventId(notice.eventId())
                .setSubject(NoticeSubject.valueOf(notice.subject().name()))
                .setJobTaskId(notice.jobTaskId())
                .setPipelineTaskId(notice.pipelineTaskId())
                .setEvent(notice.event())
                .setChannel(settled.channel().name())
                .setTarget(settled.target())
                .setEndpointId(settled.endpointId())
                .setState(io.mflow.schemas.common.DeliveryState.valueOf(settled.state().name()))
                .setAttempts(settled.attempts())
                .setHttpStatus(result == null ? null : result.httpStatus())
                .setPlatformCode(result == null ? null : result.platformCode())
                .setPlatformMessage(result == null ? null : result.platformMessage())
                .setResponseExcerpt(result == null ? null : result.responseExcerpt())
                .setDurationMillis(result == null ? 0 : result.durationMillis())
                .setError(result == null ? null : result.error())
                .setOccurredAt(settled.finishedAt() == null ? Instant.now() : settled.finishedAt())
                .build();
    }

    /** Its key: the run, so that a run's announcements stay in order. */
    static String keyOf(Notice notice) {
        return notice.pipelineTaskId() != null ? notice.pipelineTaskId() : notice.jobTaskId();
    }

    /** An endpoint as it stands after it was disabled or enabled. */
    static NotifyEndpointChanged endpointChanged(Endpoint endpoint) {
        Instant at = endpoint.changedAt() == null ? Instant.now() : endpoint.changedAt();
        return NotifyEndpointChanged.newBuilder()
                .setEventId(endpoint.id() + ":" + (endpoint.disabled() ? "disabled" : "enabled") + ":"
                        + at.toEpochMilli())
                .setEndpointId(endpoint.id())
                .setTarget(endpoint.target())
                .setDisabled(endpoint.disabled())
                .setFailuresInARow(endpoint.failuresInARow())
                .setReason(endpoint.reason())
                .setOccurredAt(at)
                .build();
    }
}

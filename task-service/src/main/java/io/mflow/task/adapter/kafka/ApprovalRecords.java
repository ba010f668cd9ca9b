package io.mflow.task.adapter.kafka;

import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.ApprovalStage;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Webhook;
import io.mflow.schemas.event.ApprovalChanged;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.EncodedRecord;
import io.mflow.task.app.Secrets;
import io.mflow.task.domain.Approval;
import java.util.List;

/**
 * An approval's changes as the contract's {@code ApprovalChanged}, keyed by the approval's id: the whole approval as
 * the change leaves it, so a card can be drawn from one record.
 */
public class ApprovalRecords implements EventEncoder<Approval, Approval.Changed> {

    private final AvroSerializer serializer;
    private final String baseUrl;
    private final Secrets secrets;

    /** @param baseUrl where people reach mflow's API ({@code mflow.approvals.base-url}); null: records carry no url */
    public ApprovalRecords(AvroSerializer serializer, Secrets secrets, String baseUrl) {
        this.serializer = serializer;
        this.secrets = secrets;
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
    }

    @Override
    public OutboxEntry encode(Approval next, Approval.Changed event) {
        ApprovalChanged record = ApprovalChanged.newBuilder()
                .setEventId(event.eventId())
                .setApprovalId(next.id())
                .setTitle(next.title())
                .setDescription(next.description())
                .setStage(ApprovalStage.valueOf(event.stage().name()))
                .setPreviousStage(event.previousStage() == null ? null
                        : ApprovalStage.valueOf(event.previousStage().name()))
                .setBy(event.by())
                .setComment(event.comment())
                .setCreatedBy(next.createdBy())
                .setAuditors(next.auditors())
                .setOperators(next.operators())
                .setPipelineId(next.pipelineId())
                .setPipelineName(next.pipelineName())
                .setPipelineTaskId(next.pipelineTaskId())
                .setAutoRun(next.autoRun())
                .setRunParams(next.runParams().stream().map(p -> RunParam.newBuilder().setName(p.name())
                        .setValue(p.value()).setSensitive(p.value() != null && secrets.isSealed(p.value())).setRequired(false).setReadOnly(false).build())
                        .toList())
                .setWebhooks(next.webhooks().stream().map(hook -> Webhook.newBuilder().setUrl(hook.url())
                        .setEvents(List.copyOf(hook.events())).setHeaders(hook.headers()).setType(hook.type())
                        .setSecret(hook.secret()).build()).toList())
                .setContacts(next.contacts())
                .setUrl(baseUrl == null ? null : baseUrl + "/api/v1/approvals/" + next.id())
                .setOccurredAt(event.at())
                .build();
        EncodedRecord encoded = serializer.encode(Topics.APPROVAL_EVENTS, record);
        return new OutboxEntry(event.eventId(), Topics.APPROVAL_EVENTS, next.id(), encoded.headers(),
                encoded.value());
    }
}

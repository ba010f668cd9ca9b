package io.mflow.notify.adapter.mongo;

import io.mflow.platform.aggregate.VersionedDocuments;

import com.mongodb.client.model.Filters;
import io.mflow.notify.domain.Approval;
import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.DeliveryState;
import io.mflow.notify.domain.Notice;
import io.mflow.platform.aggregate.Stored;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The mapping between deliveries (with the notice they carry) and their documents, queued or settled. Field by
 * field and by hand: renaming a field of a domain record cannot change what is stored. The {@code version} beside
 * them is written by whoever guards the writes (the queue, {@link VersionedDocuments}).
 */
final class DeliveryDocuments {

    private DeliveryDocuments() {
    }

    static Document toDocument(Delivery d) {
        Notice n = d.notice();
        return new Document("_id", d.id())
                .append("ownerId", n.ownerId())
                .append("jobTaskId", n.jobTaskId())
                .append("pipelineTaskId", n.pipelineTaskId())
                .append("event", n.event())
                .append("notice", notice(n))
                .append("subscriptionKey", d.subscriptionKey())
                .append("endpointId", d.endpointId())
                .append("target", d.target())
                .append("channel", d.channel().name())
                .append("state", d.state().name())
                .append("attempts", d.attempts())
                .append("createdAt", date(d.createdAt()))
                .append("nextAttemptAt", date(d.nextAttemptAt()))
                .append("leaseUntil", date(d.leaseUntil()))
                .append("finishedAt", date(d.finishedAt()))
                .append("lastResult", d.lastResult() == null ? null : result(d.lastResult()));
    }

    static Delivery toDelivery(Document doc) {
        Document r = doc.get("lastResult", Document.class);
        return new Delivery(doc.getString("_id"), notice(doc.get("notice", Document.class)),
                doc.getString("subscriptionKey"), doc.getString("endpointId"), doc.getString("target"),
                ChannelType.valueOf(doc.getString("channel")), DeliveryState.valueOf(doc.getString("state")),
                doc.getInteger("attempts", 0), instant(doc.getDate("createdAt")),
                instant(doc.getDate("nextAttemptAt")), instant(doc.getDate("leaseUntil")),
                r == null ? null : result(r), instant(doc.getDate("finishedAt")));
    }

    static Stored<Delivery> toStored(Document doc) {
        return new Stored<>(toDelivery(doc), VersionedDocuments.versionOf(doc));
    }

    private static Document notice(Notice n) {
        return new Document("eventId", n.eventId())
                .append("subject", n.subject().name())
                .append("event", n.event())
                .append("jobTaskId", n.jobTaskId())
                .append("jobTaskName", n.jobTaskName())
                .append("pipelineTaskId", n.pipelineTaskId())
                .append("pipelineName", n.pipelineName())
                .append("stageName", n.stageName())
                .append("stage", n.stage())
                .append("previousStage", n.previousStage())
                .append("message", n.message())
                .append("triggeredBy", n.triggeredBy())
                .append("startedAt", date(n.startedAt()))
                .append("occurredAt", date(n.occurredAt()))
                .append("attempt", n.attempt())
                .append("params", n.params().entrySet().stream()
                        .map(p -> new Document("name", p.getKey()).append("value", p.getValue())).toList())
                .append("deciders", n.deciders())
                .append("link", n.link())
                .append("approval", n.approval() == null ? null : approval(n.approval()));
    }

    private static Document approval(Approval a) {
        return new Document("approvalId", a.approvalId())
                .append("title", a.title())
                .append("description", a.description())
                .append("createdBy", a.createdBy())
                .append("operators", a.operators())
                .append("auditors", a.auditors())
                .append("pipelineId", a.pipelineId())
                .append("autoRun", a.autoRun())
                .append("by", a.by())
                .append("comment", a.comment());
    }

    private static Approval approval(Document a) {
        return new Approval(a.getString("approvalId"), a.getString("title"), a.getString("description"),
                a.getString("createdBy"), a.getList("operators", String.class, List.of()),
                a.getList("auditors", String.class, List.of()), a.getString("pipelineId"),
                Boolean.TRUE.equals(a.getBoolean("autoRun")), a.getString("by"), a.getString("comment"));
    }

    private static Notice notice(Document n) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Document p : n.getList("params", Document.class, List.of())) {
            params.put(p.getString("name"), p.getString("value"));
        }
        return new Notice(n.getString("eventId"), Notice.Subject.valueOf(n.getString("subject")),
                n.getString("event"), n.getString("jobTaskId"), n.getString("jobTaskName"),
                n.getString("pipelineTaskId"), n.getString("pipelineName"), n.getString("stageName"),
                n.getString("stage"), n.getString("previousStage"), n.getString("message"),
                n.getString("triggeredBy"), instant(n.getDate("startedAt")), instant(n.getDate("occurredAt")),
                n.getInteger("attempt", 0), params, n.getList("deciders", String.class, List.of()),
                n.getString("link"), n.get("approval") == null ? null : approval(n.get("approval", Document.class)));
    }

    private static Document result(DeliveryResult r) {
        return new Document("success", r.success())
                .append("retryable", r.retryable())
                .append("httpStatus", r.httpStatus())
                .append("platformCode", r.platformCode())
                .append("platformMessage", r.platformMessage())
                .append("responseExcerpt", r.responseExcerpt())
                .append("durationMillis", r.durationMillis())
                .append("error", r.error());
    }

    private static DeliveryResult result(Document r) {
        Number millis = r.get("durationMillis", Number.class);
        return new DeliveryResult(Boolean.TRUE.equals(r.getBoolean("success")),
                Boolean.TRUE.equals(r.getBoolean("retryable")), r.getInteger("httpStatus"),
                r.getString("platformCode"), r.getString("platformMessage"), r.getString("responseExcerpt"),
                millis == null ? 0 : millis.longValue(), r.getString("error"));
    }

    /** The same task's deliveries to the same subscription, of a notice that came later. */
    static Bson laterThan(Delivery delivery) {
        return Filters.and(
                Filters.eq("ownerId", delivery.notice().ownerId()),
                Filters.eq("subscriptionKey", delivery.subscriptionKey()),
                Filters.gt("notice.occurredAt", date(delivery.notice().occurredAt())));
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}

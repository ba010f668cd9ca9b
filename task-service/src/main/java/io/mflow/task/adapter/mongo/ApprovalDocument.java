package io.mflow.task.adapter.mongo;

import io.mflow.task.adapter.mongo.PipelineDocument.ParamValueDocument;
import io.mflow.task.adapter.mongo.PipelineDocument.WebhookDocument;
import io.mflow.task.domain.Approval;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;

/** A release approval as stored; its outbox sits beside these fields (see {@link StateDocuments}). */
record ApprovalDocument(@Id String id, String title, String description, String namespace, String createdBy,
                        List<String> auditors, List<String> operators, String pipelineId, String pipelineName,
                        List<ParamValueDocument> runParams, boolean autoRun, Map<String, String> labels,
                        List<WebhookDocument> webhooks, List<ContactDocument> contacts, String stage,
                        String pipelineTaskId, List<StepDocument> history, Instant createdAt, long version) {

    /** A user name may hold a dot, which a stored map's key may not: contacts are kept as pairs. */
    record ContactDocument(String user, String email) {
    }

    record StepDocument(String by, Instant at, String from, String to, String comment) {
    }

    static ApprovalDocument of(Approval approval, long version) {
        return new ApprovalDocument(approval.id(), approval.title(), approval.description(), approval.namespace(),
                approval.createdBy(), approval.auditors(), approval.operators(), approval.pipelineId(),
                approval.pipelineName(), approval.runParams().stream().map(ParamValueDocument::of).toList(),
                approval.autoRun(), approval.labels(), approval.webhooks().stream().map(WebhookDocument::of).toList(),
                approval.contacts().entrySet().stream().map(e -> new ContactDocument(e.getKey(), e.getValue()))
                        .toList(), approval.stage().name(), approval.pipelineTaskId(),
                approval.history().stream().map(s -> new StepDocument(s.by(), s.at(),
                        s.from() == null ? null : s.from().name(), s.to().name(), s.comment())).toList(),
                approval.createdAt(), version);
    }

    Approval toDomain() {
        Map<String, String> byUser = new LinkedHashMap<>();
        orEmpty(contacts).forEach(c -> byUser.put(c.user(), c.email()));
        return new Approval(id, title, description, namespace, createdBy, orEmpty(auditors), orEmpty(operators),
                pipelineId, pipelineName, orEmpty(runParams).stream().map(ParamValueDocument::toDomain).toList(),
                autoRun, labels, orEmpty(webhooks).stream().map(WebhookDocument::toDomain).toList(), byUser,
                Approval.Stage.valueOf(stage), pipelineTaskId, orEmpty(history).stream().map(s -> new Approval.Step(
                        s.by(), s.at(), s.from() == null ? null : Approval.Stage.valueOf(s.from()),
                        Approval.Stage.valueOf(s.to()), s.comment())).toList(), createdAt);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}

package io.mflow.task.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.mflow.task.adapter.rest.PipelineBodies.ValueBody;
import io.mflow.task.adapter.rest.PipelineBodies.WebhookBody;
import io.mflow.task.app.ReleaseApprovals;
import io.mflow.task.app.Secrets;
import io.mflow.task.domain.Approval;
import io.mflow.task.domain.ParamValue;
import io.mflow.task.domain.RunParam;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request and response shapes of /api/v1/approvals. */
final class ApprovalBodies {

    private ApprovalBodies() {
    }

    /** {@code runParams}: as a run request's; a sensitive value is kept sealed and shown {@code ******}. */
    record ApprovalRequest(String title, String description,
                           @JsonSetter(contentNulls = Nulls.FAIL) List<String> auditors,
                           @JsonSetter(contentNulls = Nulls.FAIL) List<String> operators, String pipelineId,
                           @JsonSetter(contentNulls = Nulls.FAIL) List<ValueBody> runParams, Boolean autoRun,
                           @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> labels,
                           @JsonSetter(contentNulls = Nulls.FAIL) List<WebhookBody> webhooks) {
        ReleaseApprovals.Request toRequest() {
            return new ReleaseApprovals.Request(title, description, auditors == null ? List.of() : auditors,
                    operators == null ? List.of() : operators, pipelineId, ValueBody.toDomain(runParams),
                    Boolean.TRUE.equals(autoRun), labels, webhooks == null ? List.of()
                    : webhooks.stream().map(WebhookBody::toDomain).toList());
        }
    }

    /** {@code comment}: required to deny and to close. */
    record CommentRequest(String comment) {
    }

    record StepBody(String by, Instant at, String from, String to, String comment) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApprovalResponse(String id, String title, String description, String namespace, String createdBy,
                            List<String> auditors, List<String> operators, String pipelineId, String pipelineName,
                            List<ValueBody> runParams, boolean autoRun, Map<String, String> labels,
                            List<WebhookBody> webhooks, String stage, String pipelineTaskId, List<StepBody> history,
                            Instant createdAt) {
        static ApprovalResponse of(Approval approval, Secrets secrets) {
            return new ApprovalResponse(approval.id(), approval.title(), approval.description(),
                    approval.namespace(), approval.createdBy(), approval.auditors(), approval.operators(),
                    approval.pipelineId(), approval.pipelineName(), approval.runParams().stream()
                    .map(p -> ValueBody.of(p, shown(p, secrets))).toList(), approval.autoRun(), approval.labels(),
                    approval.webhooks().stream().map(hook -> WebhookBody.of(hook, secrets)).toList(),
                    approval.stage().name(), approval.pipelineTaskId(), approval.history().stream()
                    .map(s -> new StepBody(s.by(), s.at(), s.from() == null ? null : s.from().name(), s.to().name(),
                            s.comment())).toList(), approval.createdAt());
        }

        private static String shown(ParamValue param, Secrets secrets) {
            return param.value() != null && secrets.isSealed(param.value()) ? RunParam.MASK : param.value();
        }
    }
}

package io.mflow.pipeline.adapter.mongo;

import io.mflow.pipeline.domain.Conclusion;
import io.mflow.pipeline.domain.GateStatus;
import io.mflow.pipeline.domain.RunParam;
import io.mflow.pipeline.domain.RunParamSet;
import io.mflow.pipeline.domain.StagePlan;
import io.mflow.pipeline.domain.TaskPlan;
import io.mflow.pipeline.domain.TaskProgress;
import io.mflow.pipeline.domain.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A pipeline run as stored, with its outbox. Every nested shape has a document record of its own, so renaming a
 * field of a domain record cannot change what is stored. Maps become lists of pairs because their keys (labels,
 * output names) may contain dots, which MongoDB field names cannot. The outbox's records are laid out as every
 * service's are ({@code MongoOutboxDocuments}); records stored by earlier versions under {@code entryId} are still
 * sent and removed by the relay.
 */
@Document(RunDocument.COLLECTION)
record RunDocument(@Id String id, long version, String pipelineName, boolean dryRun, List<Pair> labels,
                   List<StageDocument> stages, List<ProgressDocument> tasks, List<Pair> outputs,
                   List<String> appliedEventIds, boolean cancelRequested, ConclusionDocument conclusion,
                   List<org.bson.Document> outbox, Boolean outboxPending, Boolean standalone, Integer resumes,
                   Boolean held) {

    static final String COLLECTION = "pipeline_runs";

    record Pair(String name, String value) {
    }

    record StageDocument(String name, boolean parallel, List<TaskDocument> tasks) {
        static StageDocument of(StagePlan stage) {
            return new StageDocument(stage.name(), stage.parallel(), stage.tasks().stream().map(TaskDocument::of).toList());
        }

        StagePlan toDomain() {
            return new StagePlan(name, parallel, tasks.stream().map(TaskDocument::toDomain).toList());
        }
    }

    /** The update token stays sealed, as it came in the plan. */
    record TaskDocument(String jobTaskId, String name, String jobName, String runnerType, String runnerSpec,
                        boolean ignoreFailed, boolean skip, ParamSetDocument params, String updateToken,
                        boolean audited, boolean confirmed, Long timeoutMillis, List<String> agentTags,
                        Boolean manualStatus) {
        static TaskDocument of(TaskPlan task) {
            return new TaskDocument(task.jobTaskId(), task.name(), task.jobName(), task.runnerType(), task.runnerSpec(),
                    task.ignoreFailed(), task.skip(), ParamSetDocument.of(task.params()), task.updateToken(),
                    task.audited(), task.confirmed(), task.timeout() == null ? null : task.timeout().toMillis(),
                    task.agentTags(), task.manualStatus());
        }

        TaskPlan toDomain() {
            return new TaskPlan(jobTaskId, name, jobName, runnerType, runnerSpec, ignoreFailed, skip,
                    params == null ? new RunParamSet(List.of()) : params.toDomain(), updateToken, audited, confirmed,
                    timeoutMillis == null ? null : Duration.ofMillis(timeoutMillis), agentTags,
                    Boolean.TRUE.equals(manualStatus));
        }
    }

    record ParamSetDocument(List<ParamDocument> params) {
        static ParamSetDocument of(RunParamSet set) {
            return new ParamSetDocument(set.params().stream()
                    .map(p -> new ParamDocument(p.name(), p.value(), p.required(), p.sensitive(), p.readOnly(),
                            p.type(), p.options().isEmpty() ? null : p.options()))
                    .toList());
        }

        RunParamSet toDomain() {
            return new RunParamSet(params == null ? List.of() : params.stream()
                    .map(p -> new RunParam(p.name(), p.value(), p.required(), p.sensitive(), p.readOnly(), p.type(),
                            p.options())).toList());
        }
    }

    /** {@code type} and {@code options} are absent from runs stored before params had them: any value fits. */
    record ParamDocument(String name, String value, boolean required, boolean sensitive, boolean readOnly, String type,
                         List<String> options) {
    }

    /**
     * {@code audit} and {@code confirm} are absent in runs stored before gates (PENDING then), {@code attempt} and
     * {@code params} in runs stored before retries (the first attempt, with the plan's params). {@code stage} holds
     * the task's {@link TaskStatus}, under the field name runs were always stored with.
     */
    record ProgressDocument(String jobTaskId, String stage, String message, boolean dispatched, boolean cancelSent,
                            String audit, String confirm, boolean turnAnnounced, Integer attempt,
                            ParamSetDocument params, Instant notBefore, String updateToken) {
        static ProgressDocument of(TaskProgress progress) {
            return new ProgressDocument(progress.jobTaskId(), progress.status().name(), progress.message(),
                    progress.dispatched(), progress.cancelSent(), progress.audit().name(), progress.confirm().name(),
                    progress.turnAnnounced(), progress.attempt() == 1 ? null : progress.attempt(),
                    progress.params() == null ? null : ParamSetDocument.of(progress.params()), progress.notBefore(),
                    progress.updateToken());
        }

        TaskProgress toDomain() {
            return new TaskProgress(jobTaskId, TaskStatus.valueOf(stage), message, dispatched, cancelSent,
                    audit == null ? null : GateStatus.valueOf(audit), confirm == null ? null : GateStatus.valueOf(confirm),
                    turnAnnounced, attempt == null ? 1 : attempt, params == null ? null : params.toDomain(), notBefore,
                    updateToken);
        }
    }

    record ConclusionDocument(String stage, String message) {
        static ConclusionDocument of(Conclusion conclusion) {
            return conclusion == null ? null : new ConclusionDocument(conclusion.status().name(), conclusion.message());
        }

        Conclusion toDomain() {
            return new Conclusion(TaskStatus.valueOf(stage), message);
        }
    }
}

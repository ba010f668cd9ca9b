package io.mflow.task.adapter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.BuildCondition;
import io.mflow.task.domain.BuildConfig;
import io.mflow.task.domain.GitEvent;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.RefPattern;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.Status;
import io.mflow.task.domain.TriggerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The bodies of {@code /api/v1/builds} and {@code /api/v1/triggers}. Secrets go in; only masks come out. */
final class BuildBodies {

    private BuildBodies() {
    }

    record RefBody(String pattern, String match) {
    }

    /** {@code events}: PUSH, TAG, MERGE_REQUEST, or GitLab's and GitHub's names of them. */
    record ConditionBody(List<String> events, List<RefBody> refs) {
    }

    record CustomParamBody(String name, String value, Boolean sensitive) {
    }

    record BuildConfigRequest(String name, String description, String namespace, Boolean enabled, String pipelineId,
                              String repository, ConditionBody condition, List<CustomParamBody> customParams,
                              String versionRule, String versionPrefix, Boolean queue, Map<String, String> labels,
                              String secret, String providerToken, String providerUrl) {

        /** The configuration as given; a field that does not read is refused by its name. */
        BuildConfig toDomain() {
            List<GitEvent> events = new ArrayList<>();
            List<RefPattern> refs = new ArrayList<>();
            if (condition != null) {
                List<String> given = condition.events() == null ? List.of() : condition.events();
                for (int i = 0; i < given.size(); i++) {
                    int at = i;
                    events.add(GitEvent.named(given.get(i)).orElseThrow(() -> RequestRefused.invalid(
                            "condition.events[" + at + "] must be PUSH, TAG or MERGE_REQUEST (or GitLab's or"
                                    + " GitHub's name of one), not '" + given.get(at) + "'")));
                }
                List<RefBody> refBodies = condition.refs() == null ? List.of() : condition.refs();
                for (int i = 0; i < refBodies.size(); i++) {
                    RefBody ref = refBodies.get(i);
                    refs.add(new RefPattern(ref == null ? null : ref.pattern(), ref == null || ref.match() == null
                            ? null : named(RefPattern.Match.class, "condition.refs[" + i + "].match", ref.match())));
                }
            }
            List<BuildConfig.CustomParam> params = new ArrayList<>();
            for (CustomParamBody param : customParams == null ? List.<CustomParamBody>of() : customParams) {
                if (param == null) {
                    throw RequestRefused.invalid("customParams[" + params.size() + "] must be an object, not null");
                }
                params.add(new BuildConfig.CustomParam(param.name(), param.value(),
                        Boolean.TRUE.equals(param.sensitive())));
            }
            return new BuildConfig(null, name, description, namespace, enabled == null || enabled, pipelineId,
                    repository, new BuildCondition(events, refs), params,
                    versionRule == null ? null : named(BuildConfig.VersionRule.class, "versionRule", versionRule),
                    versionPrefix, Boolean.TRUE.equals(queue), labels, secret, providerToken, providerUrl, null, null,
                    null);
        }
    }

    private static <E extends Enum<E>> E named(Class<E> type, String field, String given) {
        try {
            return Enum.valueOf(type, given.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw RequestRefused.invalid(field + " must be one of " + List.of(type.getEnumConstants()) + ", not '"
                    + given + "'");
        }
    }

    /**
     * A configuration as shown: the secret and the provider token as the mask when set, sensitive values masked.
     * {@code secret} holds the generated secret in the one answer that creates it.
     */
    record BuildConfigResponse(String id, String name, String description, String namespace, boolean enabled,
                               String pipelineId, String repository, ConditionBody condition,
                               List<CustomParamBody> customParams, String versionRule, String versionPrefix,
                               boolean queue, Map<String, String> labels, String secret, String providerToken,
                               String providerUrl, Instant createdAt, String createdBy, Instant updatedAt) {

        static BuildConfigResponse of(BuildConfig config) {
            return of(config, null);
        }

        static BuildConfigResponse of(BuildConfig config, String generatedSecret) {
            return new BuildConfigResponse(config.id(), config.name(), config.description(), config.namespace(),
                    config.enabled(), config.pipelineId(), config.repository(),
                    new ConditionBody(config.condition().events().stream().map(Enum::name).toList(),
                            config.condition().refs().stream()
                                    .map(ref -> new RefBody(ref.pattern(), ref.match().name())).toList()),
                    config.customParams().stream().map(p -> new CustomParamBody(p.name(),
                            p.sensitive() && p.value() != null ? RunParam.MASK : p.value(), p.sensitive())).toList(),
                    config.versionRule().name(), config.versionPrefix(), config.queue(), config.labels(),
                    generatedSecret != null ? generatedSecret : config.secret() == null ? null : RunParam.MASK,
                    config.providerToken() == null ? null : RunParam.MASK, config.providerUrl(), config.createdAt(),
                    config.createdBy(), config.updatedAt());
        }
    }

    /** What a build of a record did: its stage read from its run, which is where that state lives. */
    record BuildResponse(String buildConfigId, String stage, String pipelineTaskId,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    record TriggerRecordResponse(String id, String provider, String eventName, String event, String deliveryId,
                                 Instant receivedAt, String repository, String ref, String commit, String user,
                                 boolean dryRun, String stage, List<BuildResponse> builds, String instance,
                                 String userAgent) {

        static TriggerRecordResponse of(TriggerRecord record, Function<String, Optional<PipelineTask>> runs) {
            return new TriggerRecordResponse(record.id(), record.provider().name(), record.eventName(),
                    record.event() == null ? null : record.event().name(), record.deliveryId(), record.receivedAt(),
                    record.repository(), record.ref(), record.commit(), record.user(), record.dryRun(),
                    record.stage().name(), record.builds().stream().map(build -> new BuildResponse(
                            build.buildConfigId(), stageOf(build, runs),
                            build.started() ? build.pipelineTaskId() : null, build.error())).toList(),
                    record.instance(), record.userAgent());
        }

        private static String stageOf(TriggerRecord.Build build, Function<String, Optional<PipelineTask>> runs) {
            if (build.error() != null) {
                return TriggerRecord.BuildStage.FAILED.name();
            }
            if (!build.started()) {
                return TriggerRecord.BuildStage.RECEIVED.name();
            }
            return runs.apply(build.pipelineTaskId()).map(run -> buildStageOf(run.stage())).orElse(TriggerRecord.BuildStage.RUNNING.name());
        }

        static String buildStageOf(Status stage) {
            return TriggerRecord.BuildStage.of(stage).name();
        }
    }
}

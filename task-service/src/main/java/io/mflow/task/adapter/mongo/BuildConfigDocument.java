package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.BuildCondition;
import io.mflow.task.domain.BuildConfig;
import io.mflow.task.domain.GitEvent;
import io.mflow.task.domain.RefPattern;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;

/** A build configuration as stored: its secret, provider token and sensitive custom params sealed. */
record BuildConfigDocument(@Id String id, String name, String description, String namespace, boolean enabled,
                           String pipelineId, String repository, List<String> events, List<RefDocument> refs,
                           List<ParamDocument> customParams, String versionRule, String versionPrefix, boolean queue,
                           Map<String, String> labels, String secret, String providerToken, String providerUrl,
                           Instant createdAt, String createdBy, Instant updatedAt) {

    record RefDocument(String pattern, String match) {
    }

    record ParamDocument(String name, String value, boolean sensitive) {
    }

    static BuildConfigDocument of(BuildConfig config) {
        return new BuildConfigDocument(config.id(), config.name(), config.description(), config.namespace(),
                config.enabled(), config.pipelineId(), config.repository(),
                config.condition().events().stream().map(Enum::name).toList(),
                config.condition().refs().stream().map(ref -> new RefDocument(ref.pattern(), ref.match().name()))
                        .toList(),
                config.customParams().stream().map(p -> new ParamDocument(p.name(), p.value(), p.sensitive()))
                        .toList(),
                config.versionRule().name(), config.versionPrefix(), config.queue(), config.labels(), config.secret(),
                config.providerToken(), config.providerUrl(), config.createdAt(), config.createdBy(),
                config.updatedAt());
    }

    BuildConfig toDomain() {
        return new BuildConfig(id, name, description, namespace, enabled, pipelineId, repository,
                new BuildCondition(events == null ? List.of() : events.stream().map(GitEvent::valueOf).toList(),
                        refs == null ? List.of() : refs.stream()
                                .map(ref -> new RefPattern(ref.pattern(), RefPattern.Match.valueOf(ref.match())))
                                .toList()),
                customParams == null ? List.of() : customParams.stream()
                        .map(p -> new BuildConfig.CustomParam(p.name(), p.value(), p.sensitive())).toList(),
                versionRule == null ? null : BuildConfig.VersionRule.valueOf(versionRule), versionPrefix, queue,
                labels, secret, providerToken, providerUrl, createdAt, createdBy, updatedAt);
    }
}

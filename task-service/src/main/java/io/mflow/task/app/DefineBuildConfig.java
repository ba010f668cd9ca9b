package io.mflow.task.app;

import io.mflow.platform.webhooks.StandardWebhooks;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.BuildConfig;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RunParam;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates, replaces and deletes build configurations. The webhook secret, the provider token and sensitive custom
 * params are sealed before they are stored, each bound to its configuration, and never shown again; a secret left
 * out of a new configuration is generated, and shown once, in the answer to its creation.
 */
public class DefineBuildConfig {

    private final BuildConfigs configs;
    private final Pipelines pipelines;
    private final Secrets secrets;
    private final Clock clock;

    public DefineBuildConfig(BuildConfigs configs, Pipelines pipelines, Secrets secrets, Clock clock) {
        this.configs = configs;
        this.pipelines = pipelines;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A configuration as stored, with the plain secret when mflow generated it (null otherwise). */
    public record Defined(BuildConfig config, String generatedSecret) {
    }

    /** @param given its fields as the caller sent them, secrets in the clear; its id, times and creator are ignored */
    public Defined create(BuildConfig given, String createdBy, Access access) {
        String id = RandomIds.next("bc-");
        boolean generate = given.secret() == null || given.secret().isBlank();
        String secret = generate ? StandardWebhooks.newSecret() : given.secret().trim();
        BuildConfig config = sealed(id, given, secret, given.providerToken(), List.of(), clock.instant(), createdBy,
                access);
        configs.add(config);
        return new Defined(config, generate ? secret : null);
    }

    /**
     * Replaces a configuration. A secret, token or sensitive value left out (or given as the mask) keeps the stored
     * one, so that a client can send back what it read.
     */
    public BuildConfig replace(String id, BuildConfig given, Access access) {
        BuildConfig stored = configs.byId(id).orElseThrow(() -> RequestRefused.notFound("no build configuration " + id));
        access.check(stored.namespace(), "change build configurations");
        BuildConfig next = sealed(id, given, kept(given.secret()) ? null : given.secret().trim(),
                kept(given.providerToken()) ? null : given.providerToken(), stored.customParams(), stored.createdAt(),
                stored.createdBy(), access);
        next = new BuildConfig(id, next.name(), next.description(), next.namespace(), next.enabled(),
                next.pipelineId(), next.repository(), next.condition(), next.customParams(), next.versionRule(),
                next.versionPrefix(), next.queue(), next.labels(),
                next.secret() == null ? stored.secret() : next.secret(),
                next.providerToken() == null ? stored.providerToken() : next.providerToken(),
                next.providerUrl(), stored.createdAt(), stored.createdBy(), clock.instant());
        if (!configs.replace(next)) {
            throw RequestRefused.notFound("no build configuration " + id);
        }
        return next;
    }

    public void delete(String id, Access access) {
        configs.byId(id).ifPresent(stored -> access.check(stored.namespace(), "delete build configurations"));
        if (!configs.remove(id)) {
            throw RequestRefused.notFound("no build configuration " + id);
        }
    }

    private BuildConfig sealed(String id, BuildConfig given, String secret, String token,
                               List<BuildConfig.CustomParam> storedParams, Instant createdAt, String createdBy,
                               Access access) {
        List<String> problems = new ArrayList<>(given.problems());
        if (secret != null) {
            String copied = Limits.checkParamValue("secret", secret);
            if (copied != null) {
                problems.add(copied);
            }
        }
        RequestRefused.ifInvalid(problems.isEmpty() ? null : String.join("; ", problems));
        access.check(given.namespace(), "define build configurations");
        Pipeline pipeline = pipelines.byId(given.pipelineId()).orElseThrow(() -> RequestRefused.invalid(
                "pipelineId: no pipeline with id " + given.pipelineId()));
        // the configuration runs the pipeline on every event: whoever defines it must be allowed to run it
        access.check(pipeline.namespace(), "run pipelines");
        List<BuildConfig.CustomParam> params = new ArrayList<>();
        for (BuildConfig.CustomParam param : given.customParams()) {
            String value = param.value();
            if (param.sensitive() && kept(value)) {
                value = storedParams.stream().filter(p -> p.name().equals(param.name()) && p.sensitive())
                        .map(BuildConfig.CustomParam::value).findFirst().orElse(null);
            } else if (param.sensitive()) {
                value = secrets.seal(value.trim(), paramPlace(id, param.name()));
            }
            params.add(new BuildConfig.CustomParam(param.name().trim(), value, param.sensitive()));
        }
        return new BuildConfig(id, given.name().trim(), given.description(), given.namespace(), given.enabled(),
                given.pipelineId(), given.repository().trim(), given.condition(), params, given.versionRule(),
                given.versionPrefix(), given.queue(), given.labels(),
                secret == null ? null : secrets.seal(secret, secretPlace(id)),
                token == null || token.isBlank() ? null : secrets.seal(token.trim(), tokenPlace(id)),
                blankToNull(given.providerUrl()), createdAt, createdBy, clock.instant());
    }

    private static boolean kept(String value) {
        return value == null || value.isBlank() || RunParam.MASK.equals(value.trim());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Where a configuration's webhook secret is sealed: it opens for that configuration only. */
    static SealedPlace secretPlace(String configId) {
        return SealedPlace.webhookSecret("build-config:" + configId);
    }

    static SealedPlace tokenPlace(String configId) {
        return SealedPlace.webhookHeader("build-config:" + configId, "providerToken");
    }

    static SealedPlace paramPlace(String configId, String name) {
        return SealedPlace.jobParamDefault("build-config:" + configId, name);
    }
}

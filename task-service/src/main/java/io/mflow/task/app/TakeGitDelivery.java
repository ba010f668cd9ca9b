package io.mflow.task.app;

import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.BuildConfig;
import io.mflow.task.domain.GitDelivery;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.TriggerRecord;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one delivery of a provider: proves it came from a holder of the secret of a configuration of its
 * repository, records it, and starts a run for each enabled configuration whose condition takes it.
 *
 * <p>Nothing lost, nothing twice: the record is written first, under an id derived from the delivery id, naming the
 * run each build will start; the runs are started under those ids (a start that comes again gets the run that
 * exists); then the record notes them. A crash in between leaves a record with pending builds, which the provider's
 * redelivery of the same delivery completes, each run once.
 */
public class TakeGitDelivery {

    private static final Logger log = LoggerFactory.getLogger(TakeGitDelivery.class);
    private static final String UNPROVEN = "the delivery's token or signature is not the secret of a build"
            + " configuration of its repository";

    private final BuildConfigs configs;
    private final TriggerRecords records;
    private final RunPipeline runPipeline;
    private final Secrets secrets;
    private final Clock clock;

    public TakeGitDelivery(BuildConfigs configs, TriggerRecords records, RunPipeline runPipeline, Secrets secrets,
                           Clock clock) {
        this.configs = configs;
        this.records = records;
        this.runPipeline = runPipeline;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The record, and whether it was there before (the delivery came again). */
    public record Taken(TriggerRecord record, boolean again) {
    }

    /**
     * @param proves whether the delivery's token or signature proves the holding of a plain secret
     * @throws RequestRefused UNAUTHENTICATED when no configuration of the repository has a secret that proves it:
     *                        nothing is recorded, nothing runs
     */
    public Taken take(GitDelivery delivery, Predicate<String> proves, boolean dryRun) {
        List<BuildConfig> proven = delivery.repository() == null ? List.of()
                : configs.ofRepository(delivery.repository()).stream()
                        .filter(config -> config.secret() != null && proves.test(secretOf(config))).toList();
        if (proven.isEmpty()) {
            throw RequestRefused.unauthenticated(UNPROVEN);
        }
        String id = delivery.deliveryId() == null || delivery.deliveryId().isBlank() ? RandomIds.next("tr-")
                : TriggerRecord.idOf(delivery.provider(), delivery.deliveryId());
        Optional<TriggerRecord> before = records.byId(id);
        if (before.isPresent()) {
            return new Taken(complete(before.get(), delivery), true);
        }
        TriggerRecord record = TriggerRecord.of(id, delivery,
                proven.stream().filter(config -> config.takes(delivery)).toList(), dryRun, clock.instant());
        if (!records.add(record)) {
            // the same delivery, taken by another replica in between
            return new Taken(complete(records.byId(id).orElseThrow(), delivery), true);
        }
        return new Taken(complete(record, delivery), false);
    }

    /** The plain secret; one that does not open here (copied from another configuration) proves nothing. */
    private String secretOf(BuildConfig config) {
        try {
            return secrets.open(config.secret(), DefineBuildConfig.secretPlace(config.id()));
        } catch (IllegalArgumentException doesNotOpen) {
            log.warn("build configuration {}: its secret does not open where it is stored; give it again", config.id());
            return null;
        }
    }

    private TriggerRecord complete(TriggerRecord record, GitDelivery delivery) {
        if (!record.hasPending()) {
            return record;
        }
        TriggerRecord done = record.withPendingDone(build -> start(record, build, delivery));
        records.update(done);
        return done;
    }

    private TriggerRecord.Build start(TriggerRecord record, TriggerRecord.Build build, GitDelivery delivery) {
        Optional<BuildConfig> found = configs.byId(build.buildConfigId());
        if (found.isEmpty()) {
            return new TriggerRecord.Build(build.buildConfigId(), build.pipelineTaskId(), false,
                    "the build configuration was deleted before its run started");
        }
        BuildConfig config = found.get();
        try {
            List<BuildConfig.CustomParam> opened = config.customParams().stream()
                    .map(param -> param.sensitive() && param.value() != null
                            ? new BuildConfig.CustomParam(param.name(), secrets.open(param.value(),
                                    DefineBuildConfig.paramPlace(config.id(), param.name())), true)
                            : param)
                    .toList();
            PipelineTask run = runPipeline.run(config.pipelineId(),
                    config.runParams(delivery, opened, record.id(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)),
                    config.runLabels(record.id()), record.dryRun(), delivery.triggeredBy(), build.pipelineTaskId(),
                    new RunPipeline.Extras(config.laneValue(), commitStatus(config, delivery),
                            opened.stream().filter(BuildConfig.CustomParam::sensitive)
                                    .map(BuildConfig.CustomParam::name).collect(Collectors.toSet())));
            return new TriggerRecord.Build(build.buildConfigId(), run.id(), true, null);
        } catch (RequestRefused refused) {
            log.info("trigger record {}: build configuration {} did not start its run: {}", record.id(), config.id(),
                    refused.getMessage());
            return new TriggerRecord.Build(build.buildConfigId(), build.pipelineTaskId(), false,
                    refused.getMessage());
        }
    }

    /** The commit-status webhook, its url and token header sealed as a pipeline's webhooks are. */
    private List<Pipeline.Webhook> commitStatus(BuildConfig config, GitDelivery delivery) {
        return config.commitStatusFor(delivery).map(status -> {
            String token = secrets.open(config.providerToken(), DefineBuildConfig.tokenPlace(config.id()));
            return List.of(new Pipeline.Webhook(
                    secrets.seal(status.url(), SealedPlace.webhookUrl()), List.of(),
                    Map.of(status.header(), secrets.seal(status.tokenPrefix() + token,
                            SealedPlace.webhookHeader(status.url(), status.header()))),
                    status.type(), null));
        }).orElse(List.of());
    }
}

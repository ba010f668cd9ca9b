package io.mflow.pipeline.config;

import io.mflow.pipeline.adapter.kafka.PipelineAvroMapping;
import io.mflow.pipeline.adapter.kafka.TaskEventsListener;
import io.mflow.pipeline.adapter.metrics.HandOffTimer;
import io.mflow.pipeline.adapter.mongo.MongoPipelineRuns;
import io.mflow.pipeline.adapter.mongo.MongoRunHistory;
import io.mflow.pipeline.app.AdvancePipelineRun;
import io.mflow.pipeline.app.ForgetPipelineRuns;
import io.mflow.pipeline.domain.Outgoing;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.kafka.KafkaTopics;
import io.mflow.platform.outbox.MongoOutboxes;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.platform.sweep.Sweep;
import io.mflow.schemas.Topics;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    /** More runs than one instance has in flight at once; a run takes a few KB. */
    private static final long RECENT_RUNS = 5_000;

    @Bean
    SealedValues sealedValues(PipelineProperties properties) {
        return new SealedValues(properties.secretKey());
    }

    @Bean
    OutboxStore outboxes(MongoTemplate mongo) {
        return new MongoOutboxes(mongo.getDb(), List.of(MongoPipelineRuns.COLLECTION));
    }

    @Bean
    PipelineAvroMapping avroMapping(SealedValues sealedValues, KafkaProperties kafka) {
        return new PipelineAvroMapping(sealedValues, AvroSerializer.configuredBy(kafka.getProperties()));
    }

    /**
     * Runs in flight are recalled: only the consumer of a run's partition writes the run, so what this instance wrote
     * last is what is stored, and a run's next event costs no read. They are forgotten when partitions move
     * ({@link TaskEventsListener}).
     */
    @Bean
    AggregateChanges<PipelineRun, Outgoing> pipelineRuns(MongoTemplate mongo, PipelineAvroMapping mapping,
                                                         OutboxRelay relay) {
        return AdvancePipelineRun.changesOfRuns(MongoPipelineRuns.COLLECTION, new MongoPipelineRuns(mongo), mapping,
                relay, RECENT_RUNS);
    }

    @Bean
    AdvancePipelineRun advancePipelineRun(AggregateChanges<PipelineRun, Outgoing> pipelineRuns) {
        return new AdvancePipelineRun(pipelineRuns, Clock.systemUTC());
    }

    /**
     * Retention of the runs' view here: concluded longer than {@code mflow.retention.runs.max-age} (30 days) and a day
     * ago, at most {@code mflow.retention.batch} every {@code mflow.retention.sweep-every}, in every replica.
     */
    @Bean
    ForgetPipelineRuns forgetPipelineRuns(MongoTemplate mongo,
                                          @Value("${mflow.retention.runs.max-age:30d}") Duration maxAge,
                                          @Value("${mflow.retention.batch:500}") int batch) {
        return new ForgetPipelineRuns(new MongoRunHistory(mongo), maxAge, batch, Clock.systemUTC());
    }

    @Bean
    Sweep retentionSweep(ForgetPipelineRuns forgetPipelineRuns,
                         @Value("${mflow.retention.sweep-every:10m}") Duration every) {
        return new Sweep("retention", forgetPipelineRuns::sweep, every);
    }

    @Bean
    TaskEventsListener taskEventsListener(PipelineAvroMapping mapping, AdvancePipelineRun advancePipelineRun,
                                          AggregateChanges<PipelineRun, Outgoing> pipelineRuns) {
        return new TaskEventsListener(mapping, advancePipelineRun, pipelineRuns::forgetAll);
    }

    @Bean
    HandOffTimer handOffTimer(MeterRegistry registry) {
        return new HandOffTimer(registry);
    }

    @Bean
    KafkaTopics topics() {
        return new KafkaTopics(List.of(Topics.TASK_EVENTS),
                List.of(Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS, Topics.PIPELINE_TASK_STATUS_REPORTS));
    }
}

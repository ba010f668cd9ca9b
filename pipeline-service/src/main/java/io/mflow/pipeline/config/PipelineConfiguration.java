package io.mflow.pipeline.config;

import io.mflow.pipeline.adapter.kafka.AvroMapping;
import io.mflow.pipeline.adapter.kafka.TaskEventsListener;
import io.mflow.pipeline.adapter.metrics.HandOffTimer;
import io.mflow.pipeline.adapter.mongo.MongoPipelineRuns;
import io.mflow.pipeline.adapter.mongo.MongoRunOutboxes;
import io.mflow.pipeline.adapter.mongo.RelayedRunOutbox;
import io.mflow.pipeline.app.AdvancePipelineRun;
import io.mflow.pipeline.app.PipelineRuns;
import io.mflow.pipeline.app.RecentRuns;
import io.mflow.platform.kafka.KafkaTopics;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.schemas.Topics;
import io.mflow.schemas.sealed.SealedValues;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import io.mflow.schemas.serde.AvroSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
public class PipelineConfiguration {

    @Bean
    SealedValues sealedValues(PipelineProperties properties) {
        return new SealedValues(properties.secretKey());
    }

    /** More runs than one instance has in flight at once; a run takes a few KB. */
    private static final long RECENT_RUNS = 5_000;

    @Bean
    RecentRuns pipelineRuns(MongoTemplate mongo) {
        return new RecentRuns(new MongoPipelineRuns(mongo), RECENT_RUNS);
    }

    @Bean
    OutboxStore runOutboxes(MongoTemplate mongo) {
        return new MongoRunOutboxes(mongo);
    }

    @Bean
    AvroMapping avroMapping(SealedValues sealedValues, KafkaProperties kafka) {
        return new AvroMapping(sealedValues, AvroSerializer.configuredBy(kafka.getProperties()));
    }

    @Bean
    AdvancePipelineRun advancePipelineRun(PipelineRuns runs, AvroMapping mapping, OutboxRelay relay) {
        return new AdvancePipelineRun(runs, mapping, new RelayedRunOutbox(relay), Clock.systemUTC());
    }

    @Bean
    TaskEventsListener taskEventsListener(AvroMapping mapping, AdvancePipelineRun advancePipelineRun,
            RecentRuns recentRuns) {
        return new TaskEventsListener(mapping, advancePipelineRun, recentRuns::forgetAll);
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

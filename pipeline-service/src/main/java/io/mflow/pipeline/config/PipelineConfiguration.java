package io.mflow.pipeline.config;

import io.mflow.pipeline.adapter.kafka.AvroMapping;
import io.mflow.pipeline.adapter.kafka.InvalidRecordException;
import io.mflow.pipeline.adapter.kafka.KafkaHealth;
import io.mflow.pipeline.adapter.kafka.OutboxRelay;
import io.mflow.pipeline.adapter.kafka.TaskEventsListener;
import io.mflow.pipeline.adapter.mongo.MongoHealth;
import io.mflow.pipeline.adapter.mongo.MongoPipelineRuns;
import io.mflow.pipeline.app.AdvancePipelineRun;
import io.mflow.pipeline.app.PipelineRuns;
import io.mflow.schemas.Topics;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroSerializer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class PipelineConfiguration {

    @Bean
    SealedValues sealedValues(PipelineProperties properties) {
        return new SealedValues(properties.secretKey());
    }

    @Bean
    PipelineRuns pipelineRuns(MongoTemplate mongo) {
        return new MongoPipelineRuns(mongo);
    }

    @Bean
    AvroMapping avroMapping() {
        return new AvroMapping();
    }

    @Bean
    AdvancePipelineRun advancePipelineRun(PipelineRuns runs, AvroMapping mapping) {
        return new AdvancePipelineRun(runs, mapping, Clock.systemUTC());
    }

    @Bean
    OutboxRelay outboxRelay(PipelineRuns runs, KafkaTemplate<Object, Object> kafka, SealedValues sealedValues) {
        return new OutboxRelay(runs, kafka, sealedValues);
    }

    @Bean
    TaskEventsListener taskEventsListener(AvroMapping mapping, AdvancePipelineRun advancePipelineRun, OutboxRelay relay) {
        return new TaskEventsListener(mapping, advancePipelineRun, relay);
    }

    /** One producer for the relay (encoded outbox bytes) and the dead-letter recoverer (raw bytes or Avro records). */
    @Bean
    @SuppressWarnings("unchecked")
    DefaultKafkaProducerFactoryCustomizer valueSerializerByType() {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(SpecificRecord.class, new AvroSerializer());
        return factory -> ((DefaultKafkaProducerFactory<Object, Object>) factory)
                .setValueSerializerSupplier(() -> new DelegatingByTypeSerializer(byType, true));
    }

    @Bean
    DefaultErrorHandler taskEventsErrorHandler(KafkaTemplate<Object, Object> kafka) {
        // a couple of quick retries for store hiccups; an invalid record never gets better, so it goes at once
        // spring-kafka 4 names dead-letter topics "<topic>-dlt" by default; the contract says "<topic>.DLT"
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, infrastructureBackOff());
        handler.addNotRetryableExceptions(InvalidRecordException.class);
        return handler;
    }

    /** Named as Boot's own, which then backs off. */
    @Bean
    MongoHealth mongoHealthIndicator(MongoTemplate mongo) {
        return new MongoHealth(mongo);
    }

    @Bean
    KafkaHealth kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealth(kafkaAdmin.getConfigurationProperties());
    }

    @Bean
    NewTopic taskEventsTopic(PipelineProperties properties) {
        return new NewTopic(Topics.TASK_EVENTS, properties.topicPartitions(), properties.topicReplicas());
    }

    @Bean
    NewTopic taskEventsDeadLetterTopic(PipelineProperties properties) {
        return new NewTopic(Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX, properties.topicPartitions(), properties.topicReplicas());
    }

    /**
     * A valid record that fails for another reason (the store or the broker is away for a moment) is retried, in
     * order, for up to ten minutes before it is dead-lettered: a stalled run that resumes on its own beats a run
     * stalled on a dead-lettered event. Invalid records skip this and go to the DLT at once.
     */
    private static BackOff infrastructureBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(600_000);
        return backOff;
    }
}

package io.mflow.notify.config;

import io.mflow.notify.adapter.kafka.InvalidRecordException;
import io.mflow.notify.adapter.kafka.KafkaHealth;
import io.mflow.notify.adapter.kafka.TaskEventsListener;
import io.mflow.notify.app.NotifyStatusChange;
import io.mflow.notify.app.RecordSubscriptions;
import io.mflow.schemas.Topics;
import io.mflow.schemas.serde.AvroSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    TaskEventsListener taskEventsListener(RecordSubscriptions recordSubscriptions,
            NotifyStatusChange notifyStatusChange) {
        return new TaskEventsListener(recordSubscriptions, notifyStatusChange);
    }

    @Bean
    NewTopic taskEventsTopic(NotifyProperties properties) {
        return new NewTopic(Topics.TASK_EVENTS, properties.topicPartitions(), properties.topicReplicas());
    }

    @Bean
    NewTopic taskEventsDeadLetterTopic(NotifyProperties properties) {
        return new NewTopic(Topics.TASK_EVENTS + Topics.DEAD_LETTER_SUFFIX, properties.topicPartitions(),
                properties.topicReplicas());
    }

    /** Writes the raw bytes of an undecodable record as well as a decoded Avro record. */
    @Bean
    KafkaTemplate<String, Object> deadLetterTemplate(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        Map<Class<?>, Serializer<?>> byType = Map.of(
                byte[].class, new ByteArraySerializer(),
                SpecificRecord.class, new AvroSerializer());
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
                new DelegatingByTypeSerializer(byType, true)));
    }

    /**
     * Undecodable and invalid records go to {@code <topic>.DLT} at once; anything else is retried twice first. The
     * destination is explicit because spring-kafka 4 changed its default suffix to {@code -dlt}.
     */
    @Bean
    DefaultErrorHandler errorHandler(KafkaTemplate<String, Object> deadLetterTemplate) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, exception) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX,
                        record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, infrastructureBackOff());
        handler.addNotRetryableExceptions(InvalidRecordException.class);
        return handler;
    }

    @Bean
    KafkaHealth kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealth(admin.getConfigurationProperties());
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

package io.mflow.task.config;

import io.mflow.schemas.Topics;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.task.adapter.kafka.InvalidRecordException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration
class KafkaConfiguration {

    /**
     * One producer for the relay and the dead-letter recoverer: the relay sends the outbox's encoded bytes, the
     * recoverer sends an undecodable record's raw bytes or a decoded record that was invalid.
     */
    @Bean
    ProducerFactory<String, Object> producerFactory(KafkaProperties kafka) {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(SpecificRecord.class, new AvroSerializer());
        return new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties(), new StringSerializer(),
                new DelegatingByTypeSerializer(byType, true));
    }

    @Bean
    KafkaTemplate<String, Object> kafkaTemplate(ProducerFactory<String, Object> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    /** Undecodable and invalid records go to the DLT at once; anything else is retried twice first. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, Object> kafkaTemplate) {
        // Named explicitly: spring-kafka 4 defaults to "-dlt", while our contract says "<topic>.DLT".
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafkaTemplate,
                (record, exception) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX,
                        record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, infrastructureBackOff());
        handler.addNotRetryableExceptions(InvalidRecordException.class);
        return handler;
    }

    @Bean
    KafkaAdmin.NewTopics topics(TaskServiceProperties properties) {
        String[] names = {Topics.JOB_TASK_STATUS_REPORTS, Topics.PIPELINE_TASK_STATUS_REPORTS};
        NewTopic[] topics = new NewTopic[names.length * 2 + 1];
        int i = 0;
        for (String name : names) {
            topics[i++] = topic(name, properties);
            topics[i++] = topic(name + Topics.DEAD_LETTER_SUFFIX, properties);
        }
        topics[i] = topic(Topics.TASK_EVENTS, properties);
        return new KafkaAdmin.NewTopics(topics);
    }

    private static NewTopic topic(String name, TaskServiceProperties properties) {
        return TopicBuilder.name(name).partitions(properties.topicPartitions())
                .replicas(properties.topicReplicas()).build();
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

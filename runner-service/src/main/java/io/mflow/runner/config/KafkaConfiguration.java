package io.mflow.runner.config;

import io.mflow.runner.adapter.kafka.InvalidRecordException;
import io.mflow.runner.adapter.kafka.KafkaHealth;
import io.mflow.schemas.Topics;
import io.mflow.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/** Topics, the dead-letter path and the broker's health. Producer and consumer settings are in application.yml. */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    NewTopic jobCommandsTopic(RunnerProperties properties) {
        return topic(Topics.JOB_COMMANDS, properties);
    }

    @Bean
    NewTopic jobCommandsDeadLetterTopic(RunnerProperties properties) {
        return topic(Topics.JOB_COMMANDS + Topics.DEAD_LETTER_SUFFIX, properties);
    }

    /**
     * Undecodable records and records invalid by content go to {@code <topic>.DLT} at once; anything else is
     * retried twice first. The dead-letter template writes an undecodable record's raw bytes as they came.
     */
    @Bean
    DefaultErrorHandler jobCommandErrorHandler(KafkaProperties kafka) {
        Map<String, Object> config = new LinkedHashMap<>(kafka.buildProducerProperties());
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(SpecificRecord.class, new AvroSerializer());
        DefaultKafkaProducerFactory<Object, Object> factory = new DefaultKafkaProducerFactory<>(config,
                KafkaConfiguration::serializeKey, new DelegatingByTypeSerializer(byType, true));
        KafkaTemplate<Object, Object> deadLetters = new KafkaTemplate<>(factory);
        // spring-kafka 4 names dead-letter topics "<topic>-dlt" by default; the contract says "<topic>.DLT".
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetters,
                (record, exception) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, infrastructureBackOff());
        handler.addNotRetryableExceptions(InvalidRecordException.class);
        return handler;
    }

    /** The key of a dead letter is the source record's key: a string, or raw bytes if it could not be read. */
    private static byte[] serializeKey(String topic, Object key) {
        if (key == null || key instanceof byte[]) {
            return (byte[]) key;
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Bean(destroyMethod = "close")
    KafkaHealth kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealth(admin);
    }

    private static NewTopic topic(String name, RunnerProperties properties) {
        return TopicBuilder.name(name)
                .partitions(properties.topics().partitions())
                .replicas(properties.topics().replicas())
                .build();
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

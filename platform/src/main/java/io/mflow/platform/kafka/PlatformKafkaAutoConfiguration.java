package io.mflow.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.ClassUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one way mflow handles a record it cannot process. An undecodable record, or one its listener refuses with
 * {@link InvalidRecordException}, goes to {@code <topic>.DLT} at once with spring-kafka's
 * {@code kafka_dlt-exception-*} headers giving the reason, and the consumer carries on. Any other failure (the
 * store or the broker away for a moment) is retried in order with exponential back-off for
 * {@code mflow.kafka.retry-for} before the record is dead-lettered: a run that stalls and resumes by itself beats
 * one whose event was set aside.
 *
 * <p>Every record a service writes carries the engine's MAC, and every record it reads is checked before any listener
 * sees it ({@link SignedRecords}): one without a valid MAC is dead-lettered at once, as undecodable, except that a
 * topic a service declares open to outsiders ({@link KafkaTopics#unsignedAccepted()}) lets a record without any MAC
 * through to its listener.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBean(ProducerFactory.class)
@EnableConfigurationProperties(KafkaProperties.class)
public class PlatformKafkaAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PlatformKafkaAutoConfiguration.class);

    /**
     * One producer for everything a service sends: outbox entries as the bytes the write encoded, dead letters as
     * the raw bytes that came in or the decoded record that was refused (encoded by the configured serializer).
     */
    @Bean
    @ConditionalOnMissingBean
    RecordMac recordMac(Environment environment) {
        return RecordMac.ofSecretKey(environment.getProperty("mflow.secret-key"));
    }

    /** Signing and checking, with the topics this service's declarations open to unsigned records. */
    @Bean
    @ConditionalOnMissingBean
    SignedRecords signedRecords(RecordMac mac, ObjectProvider<KafkaTopics> declarations) {
        return new SignedRecords(mac, declarations.orderedStream()
                .flatMap(declared -> declared.unsignedAccepted().stream()).toList());
    }

    /**
     * Every consumer checks every record's MAC before its own deserializer (named by {@code value.deserializer}, a
     * listener's override included) decodes it; see {@link SignedRecords}.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer checkEveryRecord(SignedRecords signed) {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaConsumerFactory<Object, Object> consumers = (DefaultKafkaConsumerFactory<Object, Object>) factory;
            consumers.setKeyDeserializerSupplier(signed::keyDeserializer);
            consumers.setValueDeserializerSupplier(signed::valueDeserializer);
        };
    }

    /**
     * A record consumed without a value never went through the value deserializer, so through no MAC check; no
     * record of mflow's contract lacks a value, so such a record is refused before any listener sees it.
     */
    @Bean
    RecordInterceptor<Object, Object> refuseRecordsWithoutValue() {
        return (record, consumer) -> {
            if (record.value() == null) {
                throw new InvalidRecordException("a record without a value is no record of mflow's, and its "
                        + RecordMac.HEADER + " header could not be checked");
            }
            return record;
        };
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer serializeBytesAsTheyAre(
            org.springframework.boot.kafka.autoconfigure.KafkaProperties kafka, SignedRecords signed) {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<Object, Object> producers = (DefaultKafkaProducerFactory<Object, Object>) factory;
            Serializer<?> configured = (Serializer<?>) BeanUtils.instantiateClass(kafka.getProducer().getValueSerializer());
            // Kafka configures only the serializers it makes itself; this one is handed over made.
            Map<String, Object> configs = new LinkedHashMap<>(kafka.getProperties());
            configs.putAll(kafka.getProducer().getProperties());
            configured.configure(configs, false);
            // Signed as they are serialized, so whoever sends (the outbox relay, a direct publisher, the dead-letter
            // recoverer) sends a record that carries the engine's MAC; see SignedRecords.
            producers.setKeySerializerSupplier(() -> signed.keySerializer(byType(new StringSerializer())));
            producers.setValueSerializerSupplier(() -> signed.valueSerializer(byType(configured)));
        };
    }

    /**
     * Nothing acknowledged is lost and a retried send is not written twice: every send waits for all in-sync
     * replicas (at least {@code mflow.kafka.min-insync-replicas} of them) and the producer is idempotent. Forced
     * here, over whatever a service's or operator's settings say: the outbox removes an entry once its send is
     * acknowledged, so an acknowledgement from one broker alone could lose the record with that broker.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer everySendWaitsForTheInSyncReplicas() {
        return factory -> factory.updateConfigs(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    }

    private static DelegatingByTypeSerializer byType(Serializer<?> otherwise) {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(String.class, new StringSerializer());
        byType.put(Object.class, otherwise);
        return new DelegatingByTypeSerializer(byType, true);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @SuppressWarnings("unchecked")
    DefaultErrorHandler kafkaErrorHandler(ProducerFactory<?, ?> producers, KafkaProperties properties,
                                          ObjectProvider<MeterRegistry> meters) {
        KafkaTemplate<Object, Object> kafka = new KafkaTemplate<>((ProducerFactory<Object, Object>) producers);
        // The partition by the key, as for any record (-1: none named), not the record's own partition number: a
        // dead-letter topic made with fewer partitions than its topic (one of the two created before the other, at
        // another count) would have no such partition, and the consumer would stall on a record it cannot set aside.
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(KafkaTopics.deadLetterTopicOf(record.topic()), -1));
        deadLetters.setExceptionHeadersCreator(PlatformKafkaAutoConfiguration::reasonHeaders);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(properties.retryFor().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
            String reason = ClassUtils.getShortName(cause.getClass()) + ": " + cause.getMessage();
            log.warn("record {}-{}@{} (key {}) goes to {}: {}", record.topic(), record.partition(), record.offset(),
                    record.key(), KafkaTopics.deadLetterTopicOf(record.topic()), reason);
            meters.ifAvailable(registry -> Counter.builder("mflow.kafka.dead.letters")
                    .description("Records a consumer gave up on and sent to the topic's dead-letter topic")
                    .tag("topic", record.topic()).register(registry).increment());
            deadLetters.accept(record, exception);
        }, backOff);
        handler.addNotRetryableExceptions(InvalidRecordException.class);
        return handler;
    }

    /**
     * spring-kafka's exception headers, with the innermost cause's message as {@code kafka_dlt-exception-message}:
     * by default an undecodable value said only "failed to deserialize" there, and the reason (an unknown schema's
     * fingerprint, say) was left to the stack trace, where someone reading the dead letters outside Java would not
     * look for it.
     */
    static void reasonHeaders(Headers headers, Exception exception, boolean isKey,
                              DeadLetterPublishingRecoverer.HeaderNames names) {
        DeadLetterPublishingRecoverer.HeaderNames.ExceptionInfo info = names.getExceptionInfo();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
        StringWriter trace = new StringWriter();
        exception.printStackTrace(new PrintWriter(trace));
        headers.add(isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(), utf8(exception.getClass().getName()));
        if (!isKey && cause != exception) {
            headers.add(info.getExceptionCauseFqcn(), utf8(cause.getClass().getName()));
        }
        headers.add(isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(),
                utf8(String.valueOf(cause.getMessage())));
        headers.add(isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(), utf8(trace.toString()));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Offsets are only a bookmark here: every handler is idempotent, so a commit lost in a crash redelivers records
     * that change nothing the second time. Not waiting for each commit takes a broker round trip off every poll.
     */
    @Bean
    @ConditionalOnMissingBean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> commitWithoutWaiting() {
        return container -> {
            container.getContainerProperties().setSyncCommits(false);
            // The deserializers are the platform's checking ones, which the container does not recognise as able to
            // refuse a record (SignedRecords): told so, it looks for the refusal on a record without a value.
            container.getContainerProperties().setCheckDeserExWhenKeyNull(true);
            container.getContainerProperties().setCheckDeserExWhenValueNull(true);
        };
    }

    /**
     * The declared topics, created by the platform's own step rather than as {@code KafkaAdmin.NewTopics}: that one
     * would add partitions to an existing topic declared with more (see {@link DeclaredTopics}).
     */
    @Bean
    DeclaredTopics declaredTopics(ObjectProvider<KafkaTopics> declarations, KafkaProperties properties,
                                  KafkaAdmin kafkaAdmin) {
        return new DeclaredTopics(() -> Admin.create(kafkaAdmin.getConfigurationProperties()),
                DeclaredTopics.of(declarations.orderedStream().toList(), properties),
                Duration.ofSeconds(kafkaAdmin.getOperationTimeout()));
    }
}

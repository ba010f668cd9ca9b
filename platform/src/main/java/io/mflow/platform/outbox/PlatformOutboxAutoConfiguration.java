package io.mflow.platform.outbox;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** The relay of a service that keeps outboxes (it has an {@link OutboxStore} bean), with its metrics. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBean(OutboxStore.class)
@EnableConfigurationProperties(OutboxProperties.class)
public class PlatformOutboxAutoConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    @SuppressWarnings("unchecked")
    OutboxRelay outboxRelay(OutboxStore store, ProducerFactory<?, ?> producers, OutboxProperties properties,
                            ObjectProvider<MeterRegistry> meters, ObjectProvider<OutboxListener> listeners) {
        List<OutboxListener> told = new ArrayList<>(listeners.orderedStream().toList());
        meters.ifAvailable(registry -> told.add(deliveryTimer(registry)));
        OutboxRelay relay = new OutboxRelay(store, new KafkaTemplate<>((ProducerFactory<Object, Object>) producers),
                properties, Clock.systemUTC(), told);
        meters.ifAvailable(registry -> {
            Gauge.builder("mflow.outbox.waiting", relay, OutboxRelay::waiting)
                    .description("Outbox records the last sweep found not yet sent").register(registry);
            Gauge.builder("mflow.outbox.oldest.age", relay, r -> r.oldestAge().toMillis() / 1000.0)
                    .baseUnit("seconds").description("How long the oldest record the last sweep found had waited")
                    .register(registry);
            FunctionCounter.builder("mflow.outbox.sent", relay, OutboxRelay::sent)
                    .description("Outbox records sent and acknowledged by the broker").register(registry);
        });
        return relay;
    }

    /**
     * From the write that stored a record to the broker's acknowledgement: the relay's share of every hop. One timer
     * per topic, looked up once, since this runs for every record sent.
     */
    private static OutboxListener deliveryTimer(MeterRegistry registry) {
        Map<String, Timer> byTopic = new ConcurrentHashMap<>();
        return (record, acknowledgedAt) -> {
            if (record.storedAt() != null) {
                byTopic.computeIfAbsent(record.topic(), topic -> Timer.builder("mflow.outbox.delivery")
                                .tag("topic", topic)
                                .description("From the write that stored an outbox record to the broker's acknowledgement")
                                .publishPercentiles(0.5, 0.95, 0.99).register(registry))
                        .record(Duration.between(record.storedAt(), acknowledgedAt));
            }
        };
    }
}

package io.mflow.notify.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mflow.notify.domain.Delivery;
import java.util.function.BiConsumer;

/**
 * Counts deliveries as they settle, {@code mflow.notify.deliveries} by {@code outcome} (DELIVERED, FAILED) and
 * {@code channel}: told of every stored delivery, and a delivery is stored once, when it settles, so a crash that
 * settles it again counts nothing twice.
 */
public final class SettledDeliveries implements BiConsumer<Delivery, Delivery> {

    private final MeterRegistry registry;

    public SettledDeliveries(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(Delivery before, Delivery settled) {
        if (before == null) {
            Counter.builder("mflow.notify.deliveries").description("deliveries settled, by outcome and channel")
                    .tag("outcome", settled.state().name()).tag("channel", settled.channel().name())
                    .register(registry).increment();
        }
    }
}

package io.mflow.platform.aggregate;

import io.mflow.platform.outbox.OutboxEntry;

/**
 * Turns a domain event into the record of the public contract that announces it: a service's Kafka adapter
 * implements it, so that use cases handle domain events and never the bytes that go out.
 */
@FunctionalInterface
public interface EventEncoder<A, E> {

    /** @param next the aggregate as the change that announces {@code event} leaves it */
    OutboxEntry encode(A next, E event);
}

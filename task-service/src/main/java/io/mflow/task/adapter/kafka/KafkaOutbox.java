package io.mflow.task.adapter.kafka;

import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.task.app.Outbox;
import org.springframework.stereotype.Component;

/** The use cases' outbox port, served by the platform's relay. */
@Component
class KafkaOutbox implements Outbox {

    private final OutboxRelay relay;

    KafkaOutbox(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void wake(Owner owner) {
        relay.wake(owner.key());
    }
}

package io.mflow.task.adapter.kafka;

import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.task.app.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** The use cases' outbox port, served by the platform's relay. */
@Component
class KafkaOutbox implements Outbox {

    private final OutboxRelay relay;
    private final Clock clock = Clock.systemUTC();

    KafkaOutbox(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void stored(Owner owner, long versionBefore, long versionAfter, List<OutboxEntry> entries) {
        Instant storedAt = clock.instant();
        relay.stored(owner.key(), versionBefore == CREATED ? OutboxRelay.CREATED : versionBefore, versionAfter,
                entries.stream().map(entry -> entry.toRecord(storedAt)).toList());
    }
}

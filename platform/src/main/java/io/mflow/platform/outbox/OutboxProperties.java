package io.mflow.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mflow.outbox.*}.
 *
 * @param sweepInterval how often the relay scans for records nobody told it about (what a crash left behind); each
 *                      write hands its records to the relay, so this is a safety net, not the hand-off path
 * @param sweepBatch    how many documents one sweep reads at a time
 * @param sendTimeout   how long the relay waits for the broker to acknowledge a record
 * @param retryInterval how soon a sweep follows a send the broker refused or a store that could not be read
 * @param removeDelay   how long sent records gather before one batched write takes them out of their outboxes
 * @param trackedOwners how many documents the relay remembers it is up to date with; a write to one it forgot costs
 *                      one read of that document's outbox
 */
@ConfigurationProperties("mflow.outbox")
public record OutboxProperties(@DefaultValue("5s") Duration sweepInterval,
                               @DefaultValue("100") int sweepBatch,
                               @DefaultValue("30s") Duration sendTimeout,
                               @DefaultValue("1s") Duration retryInterval,
                               @DefaultValue("50ms") Duration removeDelay,
                               @DefaultValue("10000") int trackedOwners) {

    /** The defaults, with the sweep a test wants. */
    public static OutboxProperties sweepingEvery(Duration sweepInterval) {
        return new OutboxProperties(sweepInterval, 100, Duration.ofSeconds(5), Duration.ofMillis(200),
                Duration.ofMillis(50), 10_000);
    }
}

package io.mflow.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mflow.outbox.*}.
 *
 * @param sweepInterval how often the relay looks for records a crash or a failed send left behind; a wake right after
 *                      each write sends everything else at once, so this is not on the hand-off path
 * @param sweepBatch    how many documents one sweep reads at a time
 * @param sendTimeout   how long the relay waits for the broker to acknowledge a record
 */
@ConfigurationProperties("mflow.outbox")
public record OutboxProperties(@DefaultValue("2s") Duration sweepInterval,
                               @DefaultValue("100") int sweepBatch,
                               @DefaultValue("30s") Duration sendTimeout) {
}

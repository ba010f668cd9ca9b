package io.mflow.runner.adapter.kafka;

import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.runner.app.ReportRelay;

/** The use cases' relay port, served by the platform's relay. */
public class KafkaReportRelay implements ReportRelay {

    private final OutboxRelay relay;

    public KafkaReportRelay(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void wake(String attemptId) {
        relay.wake(attemptId);
    }

    /** After recovery, for what a crash left behind. */
    public void sweep() {
        relay.sweep();
    }
}

package io.mflow.runner.adapter.kafka;

import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.runner.app.PendingReports;
import io.mflow.runner.app.ReportRelay;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Transition;

/** The use cases' relay port, served by the platform's relay. */
public class KafkaReportRelay implements ReportRelay {

    private final OutboxRelay relay;
    private final ReportOutboxes outboxes;

    public KafkaReportRelay(OutboxRelay relay, ReportOutboxes outboxes) {
        this.relay = relay;
        this.outboxes = outboxes;
    }

    @Override
    public void stored(long versionBefore, Transition.Moved moved) {
        Execution next = moved.next();
        relay.stored(next.id(), versionBefore == CREATED ? OutboxRelay.CREATED : versionBefore, next.version(),
                outboxes.records(new PendingReports(next.attempt(), next.version(), moved.reports())));
    }

    /** After recovery, for what a crash left behind. */
    public void sweep() {
        relay.sweep();
    }
}

package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.Notice;
import io.mflow.notify.domain.Subscriber;
import java.time.Clock;

/**
 * A release approval moved: remember its robots and people as they stand now, queue one delivery per robot and per
 * person told of the move, then wake the senders. As for a task's change, nothing is sent here.
 */
public class NotifyOfApproval {

    private final Subscribers subscribers;
    private final PendingDeliveries pending;
    private final SettledDeliveries settled;
    private final SendDueDeliveries senders;
    private final Clock clock;

    public NotifyOfApproval(Subscribers subscribers, PendingDeliveries pending, SettledDeliveries settled,
                            SendDueDeliveries senders, Clock clock) {
        this.subscribers = subscribers;
        this.pending = pending;
        this.settled = settled;
        this.senders = senders;
        this.clock = clock;
    }

    /** @param approval the approval's robots and people, with {@code notice}'s approval id as its owner id */
    public void notify(Subscriber approval, Notice notice) {
        subscribers.save(approval);
        boolean queued = false;
        for (Delivery delivery : approval.deliveriesFor(notice, clock.instant())) {
            // A redelivered event finds its deliveries queued, or settled and gone from the queue.
            if (!settled.isSettled(delivery.id()) && pending.add(delivery)) {
                queued = true;
            }
        }
        if (queued) {
            senders.wake();
        }
    }
}

package io.mflow.notify.app;

import io.mflow.notify.domain.TaskChange;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.Notice;
import io.mflow.notify.domain.Subscriber;
import java.time.Clock;
import java.util.Optional;

/**
 * A task changed: queue one delivery per subscription that wants to hear of it (and one per person who must decide,
 * for a wait at a gate), then wake the senders. Nothing is sent here, so a slow receiver never holds up the
 * consumer, and a queued delivery survives a crash.
 */
public class NotifyOfChange {

    private final Subscribers subscribers;
    private final PendingDeliveries pending;
    private final SettledDeliveries settled;
    private final SendDueDeliveries senders;
    private final String baseUrl;
    private final Clock clock;

    public NotifyOfChange(Subscribers subscribers, PendingDeliveries pending, SettledDeliveries settled,
                          SendDueDeliveries senders, String baseUrl, Clock clock) {
        this.subscribers = subscribers;
        this.pending = pending;
        this.settled = settled;
        this.senders = senders;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    public void notify(TaskChange change) {
        Optional<Subscriber> subscriber = subscribers.of(change.ownerId());
        if (subscriber.isEmpty()) {
            return;
        }
        Notice notice = subscriber.get().notice(change, baseUrl);
        boolean queued = false;
        for (Delivery delivery : subscriber.get().deliveriesFor(notice, clock.instant())) {
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

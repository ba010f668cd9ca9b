package io.mflow.notify.app;

import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.StatusChange;
import io.mflow.notify.domain.Subscription;

/** One way of telling a receiver about a change: a generic JSON webhook now, chat robots and e-mail later. */
public interface Channel {

    /** Sends once and reports how it went; never throws for a receiver's failure. */
    DeliveryResult send(Subscription subscription, StatusChange change);
}

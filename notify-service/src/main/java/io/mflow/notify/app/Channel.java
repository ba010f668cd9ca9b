package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import java.time.Duration;

/** One way of telling a receiver: a chat robot, our generic JSON webhook, an e-mail. */
public interface Channel {

    /**
     * Makes one attempt of the delivery within {@code timeout} and says how it went; never throws for a receiver's
     * failure. {@code subscriber} holds what the subscription needs beyond itself (a mentioned user's address).
     */
    DeliveryResult send(Delivery delivery, Subscription subscription, Subscriber subscriber, Duration timeout);
}

package io.mflow.notify.app;

import io.mflow.notify.domain.Subscription;

public interface Channels {

    /** The channel that speaks the subscription's receiver's language (chosen by its url). */
    Channel channelFor(Subscription subscription);
}

package io.mflow.notify.app;

import io.mflow.notify.domain.ChannelType;

public interface Channels {

    /** The channel that speaks the receiver's language. */
    Channel channelFor(ChannelType type);
}

package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.app.Channels;
import io.mflow.notify.domain.ChannelType;
import java.util.EnumMap;
import java.util.Map;

/** Every channel by its type. */
public class WebhookChannels implements Channels {

    private final Map<ChannelType, Channel> channels;

    public WebhookChannels(Map<ChannelType, Channel> channels) {
        this.channels = new EnumMap<>(channels);
    }

    @Override
    public Channel channelFor(ChannelType type) {
        Channel channel = channels.get(type);
        if (channel == null) {
            throw new IllegalStateException("no channel for " + type);
        }
        return channel;
    }
}

package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.app.Channels;
import io.mflow.notify.domain.Subscription;

/**
 * Picks the channel by url. Only the generic JSON webhook exists so far; Feishu, DingTalk and WeCom robots (known
 * by their url prefixes) and e-mail are to be added here, each as its own {@link Channel}.
 */
public class WebhookChannels implements Channels {

    private final Channel jsonWebhook;

    public WebhookChannels(Channel jsonWebhook) {
        this.jsonWebhook = jsonWebhook;
    }

    @Override
    public Channel channelFor(Subscription subscription) {
        return jsonWebhook;
    }
}

package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.notify.domain.WebhookBody;
import io.mflow.platform.webhooks.StandardWebhooks;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Our own JSON document ({@link WebhookBody}) to any url, signed as Standard Webhooks says when the subscription has
 * a secret ({@code whsec_} and base64): {@code webhook-id} (the delivery's id, the same in every retry, so a receiver
 * drops a copy), {@code webhook-timestamp} (seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}, so a receiver can verify it and refuse a replay. Any 2xx is a success.
 */
public class GenericWebhook implements Channel {

    static final String SECRET_PREFIX = StandardWebhooks.SECRET_PREFIX;

    private final HttpCall http;
    private final JsonMapper json;
    private final Clock clock;

    public GenericWebhook(HttpCall http, JsonMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public DeliveryResult send(Delivery delivery, Subscription subscription, Subscriber subscriber, Duration timeout) {
        byte[] body = json.writeValueAsBytes(WebhookBody.of(delivery.notice()));
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", delivery.id());
        headers.put("webhook-timestamp", timestamp);
        String secret = http.secretOf(subscription);
        if (secret != null) {
            // a secret without whsec_ is the base64 key itself, as notify-service always took it
            headers.put("webhook-signature", StandardWebhooks.sign(secret.startsWith(SECRET_PREFIX) ? secret
                    : SECRET_PREFIX + secret, delivery.id(), timestamp, body));
        }
        String url = http.urlOf(subscription);
        return http.post(url, url, body, subscription.sealedHeaders(), headers, timeout,
                reply -> DeliveryResult.answered(reply.status(), reply.body(), reply.millis()));
    }
}

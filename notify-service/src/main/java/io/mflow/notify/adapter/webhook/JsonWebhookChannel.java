package io.mflow.notify.adapter.webhook;

import io.mflow.notify.app.Channel;
import io.mflow.notify.domain.DeliveryResult;
import io.mflow.notify.domain.StatusChange;
import io.mflow.notify.domain.Subscription;
import io.mflow.notify.domain.WebhookBody;
import io.mflow.schemas.sealed.SealedValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** POSTs {@link WebhookBody} version 1 as JSON to any url, with the subscription's headers opened. */
public class JsonWebhookChannel implements Channel {

    private final HttpClient http;
    private final SealedValues sealedValues;
    private final JsonMapper json;
    private final Duration timeout;

    public JsonWebhookChannel(HttpClient http, SealedValues sealedValues, JsonMapper json, Duration timeout) {
        this.http = http;
        this.sealedValues = sealedValues;
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public DeliveryResult send(Subscription subscription, StatusChange change) {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            request = request(subscription, json.writeValueAsBytes(WebhookBody.of(change)));
        } catch (IllegalArgumentException e) {
            // the message may quote a header value, so it is not recorded
            return DeliveryResult.failed("the url or a header is invalid or could not be opened", 0);
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return DeliveryResult.answered(response.statusCode(), response.body(), millisSince(start));
        } catch (HttpTimeoutException e) {
            return DeliveryResult.failed("no answer within " + timeout.toMillis() + " ms", millisSince(start));
        } catch (IOException e) {
            return DeliveryResult.failed("sending failed: " + e.getClass().getSimpleName(), millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.failed("interrupted while sending (shutdown)", millisSince(start));
        }
    }

    private HttpRequest request(Subscription subscription, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(subscription.url()))
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> header : subscription.sealedHeaders().entrySet()) {
            builder.header(header.getKey(), sealedValues.open(header.getValue()));
        }
        return builder.setHeader("Content-Type", "application/json").build();
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}

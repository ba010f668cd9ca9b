package io.mflow.notify.adapter.webhook;

import io.mflow.notify.domain.DeliveryResult;
import io.mflow.platform.net.OutboundAddresses;
import io.mflow.schemas.sealed.SealedValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * One JSON POST as every webhook channel makes it: to an address the operator allows, with the subscription's
 * headers opened, within the attempt's timeout, never following a redirect. The reply is judged by the channel.
 */
public class HttpCall {

    /** A reply that came: its status and body, and how long it took. */
    public record Reply(int status, String body, long millis) {
    }

    private final HttpClient http;
    private final OutboundAddresses addresses;
    private final SealedValues sealed;

    public HttpCall(HttpClient http, OutboundAddresses addresses, SealedValues sealed) {
        this.http = http;
        this.addresses = addresses;
        this.sealed = sealed;
    }

    public String open(String sealedValue) {
        return sealedValue == null ? null : sealed.open(sealedValue);
    }

    /**
     * POSTs {@code body}; {@code judge} turns a reply into a result. Sealed header values are opened here; a failure
     * to build the request never records a header's value.
     */
    public DeliveryResult post(String url, byte[] body, Map<String, String> sealedHeaders, Map<String, String> headers,
                               Duration timeout, Function<Reply, DeliveryResult> judge) {
        String refusal = addresses.refusal(url);
        if (refusal != null) {
            return DeliveryResult.refused(refusal);
        }
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            sealedHeaders.forEach((name, value) -> builder.header(name, sealed.open(value)));
            headers.forEach(builder::setHeader);
            request = builder.setHeader("Content-Type", "application/json").build();
        } catch (IllegalArgumentException e) {
            return DeliveryResult.refused("the url or a header is invalid or could not be opened");
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return judge.apply(new Reply(response.statusCode(), response.body(), millisSince(start)));
        } catch (HttpTimeoutException e) {
            return DeliveryResult.failed("no answer within " + timeout.toMillis() + " ms", millisSince(start));
        } catch (IOException e) {
            return DeliveryResult.failed("sending failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.failed("interrupted while sending (shutdown)", millisSince(start));
        }
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}

package io.mflow.notify.adapter.webhook;

import io.mflow.notify.domain.DeliveryResult;
import io.mflow.platform.net.OutboundAddresses;
import io.mflow.schemas.sealed.SealedValues;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One JSON POST as every webhook channel makes it: to an address the operator allows, with the subscription's
 * headers opened, never following a redirect. The attempt's timeout is one deadline for the whole call (connect,
 * send, headers and body): the client's own request timeout stops at the headers, so a receiver that dribbles its
 * body would otherwise hold a sender for as long as it likes. Of the body at most {@link #REPLY_LIMIT} bytes are
 * read; the rest is not, and the connection is closed. The reply is judged by the channel.
 */
public class HttpCall {

    /** Enough for any platform's verdict ({@code {"errcode":0}}); a bigger reply is cut, not buffered. */
    public static final int REPLY_LIMIT = 64 * 1024;

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
        OutboundAddresses.Refusal refusal = addresses.refusalToCall(url);
        if (refusal != null) {
            // a name that does not resolve is not called, but a failed lookup is often a passing one: try again
            return refusal.mayPassLater() ? DeliveryResult.failed(refusal.reason(), 0)
                    : DeliveryResult.refused(refusal.reason());
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
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<HttpResponse<String>> sending = http.sendAsync(request, info -> {
            answered.set(true);
            return new FirstBytes(REPLY_LIMIT, charsetOf(info.headers()));
        });
        try {
            HttpResponse<String> response = sending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return judge.apply(new Reply(response.statusCode(), response.body(), millisSince(start)));
        } catch (TimeoutException e) {
            sending.cancel(true); // closes the connection: the receiver's writes fail from here on
            return DeliveryResult.failed(answered.get()
                    ? "the reply was not read to its end within " + timeout.toMillis() + " ms"
                    : "no answer within " + timeout.toMillis() + " ms", millisSince(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return DeliveryResult.failed("no answer within " + timeout.toMillis() + " ms", millisSince(start));
            }
            return DeliveryResult.failed("sending failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), millisSince(start));
        } catch (InterruptedException e) {
            sending.cancel(true);
            Thread.currentThread().interrupt();
            return DeliveryResult.failed("interrupted while sending (shutdown)", millisSince(start));
        }
    }

    private static Charset charsetOf(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("");
        int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String name = type.substring(at + "charset=".length()).split(";")[0].trim().replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                // a charset this JVM does not know: the reply is read as UTF-8
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * The first {@code limit} bytes of a body as text. Once it has them it cancels its subscription, which makes the
     * client close the connection rather than read (and buffer) the rest.
     */
    static final class FirstBytes implements HttpResponse.BodySubscriber<String> {

        private final int limit;
        private final Charset charset;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        FirstBytes(int limit, Charset charset) {
            this.limit = limit;
            this.charset = charset;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), limit - bytes.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                bytes.write(chunk, 0, take);
            }
            if (bytes.size() >= limit) {
                subscription.cancel();
                onComplete();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(new String(bytes.toByteArray(), charset));
        }
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}

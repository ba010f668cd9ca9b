package io.mflow.notify.adapter.webhook;

import io.mflow.notify.domain.DeliveryResult;
import io.mflow.platform.net.OutboundAddresses;
import io.mflow.notify.domain.Subscription;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * One JSON POST as every webhook channel makes it: to an address the operator allows, with the subscription's
 * headers opened, never following a redirect. The client resolves a name only through {@link OutboundAddresses}, so
 * it connects to the very address that was checked (a name whose records change in between cannot take it inside),
 * while the Host header and TLS (SNI, the certificate's name) keep the name. The attempt's timeout is one deadline
 * for the whole call (connect, send, headers and body): a receiver that dribbles its reply would otherwise hold a
 * sender for as long as it likes. Of the body at most {@link #REPLY_LIMIT} bytes are read; the rest is not, and the
 * connection is closed. The reply is judged by the channel.
 */
public class HttpCall implements AutoCloseable {

    /** Enough for any platform's verdict ({@code {"errcode":0}}); a bigger reply is cut, not buffered. */
    public static final int REPLY_LIMIT = 64 * 1024;

    /** A reply that came: its status and body, and how long it took. */
    public record Reply(int status, String body, long millis) {
    }

    private final CloseableHttpClient http;
    private final OutboundAddresses addresses;
    private final SealedValues sealed;
    /** Cuts calls at their deadline: one thread, since cutting is only closing a connection. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "notify-call-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param timeout     the longest a connection may take to open, or stay silent while open
     * @param connections at most this many at once, to one host too: many endpoints share a host (a chat platform's)
     */
    public HttpCall(OutboundAddresses addresses, SealedValues sealed, Duration timeout, int connections) {
        this.addresses = addresses;
        this.sealed = sealed;
        Timeout within = Timeout.of(timeout);
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return addresses.addressesToCall(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checked)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(within)
                                .setSocketTimeout(within).build())
                        .setMaxConnTotal(connections).setMaxConnPerRoute(connections).build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(within)
                        .setResponseTimeout(within).setRedirectsEnabled(false).build())
                // a public endpoint must not bounce a request to an internal address
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
    }

    /**
     * The webhook's url in the clear, to call it: it is sealed (a chat robot's url holds its access token), or plain
     * in a plan from before urls were sealed.
     *
     * @throws IllegalArgumentException when it does not open; the message never holds the url
     */
    public String urlOf(Subscription webhook) {
        return sealed.open(webhook.url(), SealedPlace.webhookUrl());
    }

    /** The webhook's secret, opened at its webhook: one moved onto another webhook's url does not open. */
    public String secretOf(Subscription webhook) {
        return webhook.sealedSecret() == null ? null
                : sealed.open(webhook.sealedSecret(), SealedPlace.webhookSecret(urlOf(webhook)));
    }

    /**
     * POSTs {@code body} to {@code url}; {@code judge} turns a reply into a result. Sealed header values are opened
     * here, at the webhook they were sealed for ({@code webhookUrl}, which {@code url} may extend with a signature);
     * a failure to build the request never records a header's value.
     */
    public DeliveryResult post(String webhookUrl, String url, byte[] body, Map<String, String> sealedHeaders,
                               Map<String, String> headers, Duration timeout, Function<Reply, DeliveryResult> judge) {
        OutboundAddresses.Refusal refusal = addresses.refusalToCall(url);
        if (refusal != null) {
            return judged(refusal);
        }
        HttpPost request;
        try {
            request = new HttpPost(URI.create(url));
            sealedHeaders.forEach((name, value) -> request.addHeader(name,
                    sealed.open(value, SealedPlace.webhookHeader(webhookUrl, name))));
            headers.forEach(request::setHeader);
            request.setHeader("Content-Type", "application/json");
            request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        } catch (IllegalArgumentException e) {
            return DeliveryResult.refused("the url or a header is invalid or could not be opened");
        }
        long start = System.nanoTime();
        AtomicBoolean answered = new AtomicBoolean();
        AtomicBoolean cut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            cut.set(true);
            request.cancel(); // closes the connection: a blocked read or write ends at once
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        ClassicHttpResponse response = null;
        try {
            response = http.executeOpen(null, request, null);
            answered.set(true);
            String text = firstBytes(response.getEntity(), request);
            return judge.apply(new Reply(response.getCode(), text, millisSince(start)));
        } catch (OutboundAddresses.RefusedHost e) {
            return judged(e.refusal()); // the name resolved otherwise when the connection was made
        } catch (IOException e) {
            if (cut.get() || e instanceof SocketTimeoutException) {
                return failedAtDeadline(answered.get(), timeout, start);
            }
            return DeliveryResult.failed("sending failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), millisSince(start));
        } finally {
            deadline.cancel(false);
            closeQuietly(response);
        }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException e) {
                // the reply is judged already; a connection that fails to close is discarded by the pool
            }
        }
    }

    private static DeliveryResult judged(OutboundAddresses.Refusal refusal) {
        // a name that does not resolve is not called, but a failed lookup is often a passing one: try again
        return refusal.mayPassLater() ? DeliveryResult.failed(refusal.reason(), 0)
                : DeliveryResult.refused(refusal.reason());
    }

    private static DeliveryResult failedAtDeadline(boolean answered, Duration timeout, long start) {
        return DeliveryResult.failed(answered
                ? "the reply was not read to its end within " + timeout.toMillis() + " ms"
                : "no answer within " + timeout.toMillis() + " ms", millisSince(start));
    }

    /**
     * The first {@link #REPLY_LIMIT} bytes of the body as text, in its charset (UTF-8 when it names none). A longer
     * body is not read further: the call is cancelled, which closes the connection (closing the reply would read the
     * rest to keep the connection).
     */
    private static String firstBytes(HttpEntity entity, HttpPost request) throws IOException {
        if (entity == null) {
            return "";
        }
        InputStream in = entity.getContent();
        byte[] bytes = in.readNBytes(REPLY_LIMIT);
        if (bytes.length == REPLY_LIMIT) {
            request.cancel();
        }
        Charset charset = StandardCharsets.UTF_8;
        try {
            ContentType type = ContentType.parse(entity.getContentType());
            if (type != null && type.getCharset() != null) {
                charset = type.getCharset();
            }
        } catch (RuntimeException e) {
            // a charset this JVM does not know, or a malformed type: the reply is read as UTF-8
        }
        return new String(bytes, charset);
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}

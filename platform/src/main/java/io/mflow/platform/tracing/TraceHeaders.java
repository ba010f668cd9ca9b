package io.mflow.platform.tracing;

import io.mflow.platform.outbox.OutboxEntry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The W3C trace context of the work going on in this thread, as record headers ({@code traceparent}, and
 * {@code tracestate} when there is one), so that the records a REST request or a consumed record causes continue its
 * trace in the next service. Read from OpenTelemetry's current context, where Micrometer Tracing's bridge puts the
 * span of a request or of a listener's record; with no span there, there are no headers and nothing else to pay.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final TextMapSetter<Map<String, String>> INTO_MAP = (headers, name, value) -> {
        if (headers != null) {
            headers.put(name, value);
        }
    };

    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> headers) {
            return headers.keySet();
        }

        @Override
        public String get(Map<String, String> headers, String name) {
            return headers == null ? null : headers.get(name);
        }
    };

    private TraceHeaders() {
    }

    /** The {@code traceparent} of the work going on in this thread; null when no span is current. */
    public static String currentTraceparent() {
        return current().get(TRACEPARENT);
    }

    /**
     * Does {@code work} in the trace that {@code traceparent} names (one kept from earlier, e.g. with the aggregate
     * that a record in that trace created), so that what it writes continues that trace: for work that goes on
     * after the thread that was in the trace moved on (a watcher, a timer, a restart). A null or malformed
     * {@code traceparent} leaves the thread's own trace, if any, current.
     */
    public static <T> T within(String traceparent, Supplier<T> work) {
        if (traceparent == null || traceparent.isBlank()) {
            return work.get();
        }
        Context kept = W3CTraceContextPropagator.getInstance().extract(Context.root(),
                Map.of(TRACEPARENT, traceparent), FROM_MAP);
        if (!Span.fromContext(kept).getSpanContext().isValid()) {
            return work.get();
        }
        try (Scope ignored = kept.makeCurrent()) {
            return work.get();
        }
    }

    /** The current trace context as headers; empty when no span is current. */
    public static Map<String, String> current() {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, headers, INTO_MAP);
        return headers;
    }

    /**
     * The entry with the current trace context among its headers, kept with it in the outbox so that the relay,
     * which sends on a thread of its own and possibly after a restart, sends the record in the trace that wrote it.
     * An entry that already carries a trace context keeps its own.
     */
    public static OutboxEntry carriedBy(OutboxEntry entry) {
        if (entry.headers().containsKey(TRACEPARENT)) {
            return entry;
        }
        Map<String, String> trace = current();
        if (trace.isEmpty()) {
            return entry;
        }
        Map<String, String> headers = new LinkedHashMap<>(entry.headers());
        headers.putAll(trace);
        return new OutboxEntry(entry.id(), entry.topic(), entry.key(), headers, entry.value(), entry.storedAt(),
                entry.causedAt());
    }
}

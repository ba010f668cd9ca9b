package io.mflow.platform.tracing;

import io.mflow.platform.outbox.OutboxEntry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private TraceHeaders() {
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

package io.mflow.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.outbox.OutboxEntry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final OutboxEntry ENTRY = new OutboxEntry("e-1", "mflow.task-events", "pt-1",
            Map.of("mflow-type", "io.mflow.schemas.event.PipelineTaskCreated"), new byte[]{1, 2});

    @Test
    void outsideAnyTraceAnEntryIsStoredAsItWasEncoded() {
        assertThat(TraceHeaders.current()).isEmpty();
        assertThat(TraceHeaders.carriedBy(ENTRY)).isSameAs(ENTRY);
    }

    @Test
    void insideASpanAnEntryCarriesItsTraceBesideItsOwnHeaders() {
        try (Scope span = inSpan(TraceFlags.getSampled(), TraceState.builder().put("vendor", "x").build())) {
            OutboxEntry carried = TraceHeaders.carriedBy(ENTRY);

            assertThat(carried.headers())
                    .containsEntry("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                    .containsEntry("tracestate", "vendor=x")
                    .containsEntry("mflow-type", "io.mflow.schemas.event.PipelineTaskCreated");
            assertThat(carried.value()).isEqualTo(ENTRY.value());
            assertThat(carried.id()).isEqualTo(ENTRY.id());
        }
    }

    @Test
    void anUnsampledTraceTravelsAllTheSameSoARunStaysOneTrace() {
        try (Scope span = inSpan(TraceFlags.getDefault(), TraceState.getDefault())) {
            assertThat(TraceHeaders.carriedBy(ENTRY).headers())
                    .containsEntry("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-00")
                    .doesNotContainKey("tracestate");
        }
    }

    @Test
    void anEntryThatCarriesATraceKeepsItsOwn() {
        OutboxEntry traced = new OutboxEntry("e-2", "mflow.job-commands", "pt-1",
                Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), new byte[]{3});
        try (Scope span = inSpan(TraceFlags.getSampled(), TraceState.getDefault())) {
            assertThat(TraceHeaders.carriedBy(traced)).isSameAs(traced);
        }
    }

    @Test
    void aRecordSentStraightGetsTheSendersTraceUnlessItCarriesOne() {
        TraceHeadersProducerInterceptor interceptor = new TraceHeadersProducerInterceptor();
        ProducerRecord<Object, Object> straight = new ProducerRecord<>("mflow.job-logs", "pt-1", new byte[]{4});
        ProducerRecord<Object, Object> relayed = new ProducerRecord<>("mflow.job-commands", "pt-1", new byte[]{5});
        relayed.headers().add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                .getBytes(StandardCharsets.UTF_8));
        try (Scope span = inSpan(TraceFlags.getSampled(), TraceState.getDefault())) {
            interceptor.onSend(straight);
            interceptor.onSend(relayed);
        }

        assertThat(new String(straight.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .contains(TRACE);
        assertThat(relayed.headers().headers("traceparent")).hasSize(1);
        assertThat(new String(relayed.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .contains("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void aRecordSentOutsideAnyTraceGetsNoTraceHeader() {
        ProducerRecord<Object, Object> record = new ProducerRecord<>("mflow.job-logs", "pt-1", new byte[]{6});
        new TraceHeadersProducerInterceptor().onSend(record);
        assertThat(record.headers().lastHeader("traceparent")).isNull();
    }

    @Test
    void workWithinAKeptTraceWritesInThatTraceAndLeavesTheThreadsOwnAfterwards() {
        String kept = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        try (Scope span = inSpan(TraceFlags.getSampled(), TraceState.getDefault())) {
            assertThat(TraceHeaders.within(kept, () -> TraceHeaders.carriedBy(ENTRY)).headers())
                    .containsEntry("traceparent", kept);
            assertThat(TraceHeaders.currentTraceparent()).contains(TRACE);
        }
        assertThat(TraceHeaders.within(kept, TraceHeaders::currentTraceparent)).isEqualTo(kept);
        assertThat(TraceHeaders.currentTraceparent()).isNull();
    }

    @Test
    void noKeptTraceOrAMalformedOneLeavesTheThreadsOwn() {
        try (Scope span = inSpan(TraceFlags.getSampled(), TraceState.getDefault())) {
            assertThat(TraceHeaders.within(null, TraceHeaders::currentTraceparent)).contains(TRACE);
            assertThat(TraceHeaders.within("00-not-a-trace", TraceHeaders::currentTraceparent)).contains(TRACE);
        }
        assertThat(TraceHeaders.within("garbage", TraceHeaders::currentTraceparent)).isNull();
    }

    private static Scope inSpan(TraceFlags flags, TraceState state) {
        SpanContext context = SpanContext.create(TRACE, "00f067aa0ba902b7", flags, state);
        return Context.root().with(Span.wrap(context)).makeCurrent();
    }
}

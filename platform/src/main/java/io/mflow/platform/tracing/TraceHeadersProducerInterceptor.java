package io.mflow.platform.tracing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Gives a record sent straight, not through an outbox (a job's log lines, a dead letter), the trace context of the
 * thread that sends it. Runs before the serializers, so the engine's MAC covers the headers it adds. A record that
 * carries a trace context already (every outbox record written in a trace) keeps its own.
 */
public final class TraceHeadersProducerInterceptor implements ProducerInterceptor<Object, Object> {

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (record.headers().lastHeader(TraceHeaders.TRACEPARENT) == null) {
            TraceHeaders.current().forEach((name, value) ->
                    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}

package io.mflow.cli;

import io.mflow.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Kafka record as one JSON object: where it is (topic, partition, offset), its key and timestamp, its type and
 * the published schema version its writer used, the headers a dashboard routes on, and the decoded value; or, for a
 * value that cannot be decoded, the reason and the bytes. A record on a dead-letter topic also says why it is there.
 */
final class RecordLines {

    /** A rendered record, with the full type name a filter needs (the line shows the short one). */
    record Line(String key, String fullType, ObjectNode json) {
    }

    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ValueDecoder decoder;

    RecordLines(ValueDecoder decoder) {
        this.decoder = decoder;
    }

    Line render(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        ObjectNode json = NODES.objectNode();
        json.put("topic", record.topic());
        json.put("partition", record.partition());
        json.put("offset", record.offset());
        json.put("key", key);
        json.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        // type and version are known only once decoded; set now, they keep their place in the line
        json.putNull("type");
        json.putNull("version");
        json.set("headers", shownHeaders(record.headers()));
        ObjectNode deadLetter = deadLetter(record.headers());
        if (deadLetter != null) {
            json.set("deadLetter", deadLetter);
        }
        if (record.value() == null) {
            json.putNull("value");
            return new Line(key, null, json);
        }
        String fullType;
        ValueDecoder.Decoding decoding = decoder.decode(record.value());
        if (decoding instanceof ValueDecoder.Decoded decoded) {
            fullType = decoded.writer().fullName();
            json.put("type", decoded.writer().type());
            json.put("version", decoded.writer().version());
            json.set("value", AvroJson.of(decoded.record()));
        } else {
            // the header is what a router without a decoder goes by; so does --type then
            fullType = text(record.headers().lastHeader(Topics.TYPE_HEADER));
            json.put("type", fullType == null ? null : PublishedSchemas.shortName(fullType));
            json.put("error", ((ValueDecoder.Undecodable) decoding).reason());
            json.put("bytes", Base64.getEncoder().encodeToString(record.value()));
        }
        return new Line(key, fullType, json);
    }

    /** CloudEvents' binary-mode headers, the content type and mflow's own; the dead-letter ones are shown apart. */
    private static ObjectNode shownHeaders(Headers headers) {
        ObjectNode shown = NODES.objectNode();
        for (Header header : headers) {
            String name = header.key();
            if (name.startsWith("ce_") || name.equals("content-type") || name.startsWith("mflow-")) {
                shown.put(name, text(header));
            }
        }
        return shown;
    }

    /** Why spring-kafka's error handler dead-lettered the record, and where it came from; null on other topics. */
    private static ObjectNode deadLetter(Headers headers) {
        Header reason = headers.lastHeader(DLT_HEADER_PREFIX + "exception-message");
        Header exception = headers.lastHeader(DLT_HEADER_PREFIX + "exception-fqcn");
        if (reason == null && exception == null) {
            return null;
        }
        ObjectNode deadLetter = NODES.objectNode();
        deadLetter.put("reason", text(reason));
        deadLetter.put("exception", text(exception));
        deadLetter.put("consumerGroup", text(headers.lastHeader(DLT_HEADER_PREFIX + "original-consumer-group")));
        deadLetter.put("originalTopic", text(headers.lastHeader(DLT_HEADER_PREFIX + "original-topic")));
        Header partition = headers.lastHeader(DLT_HEADER_PREFIX + "original-partition");
        Header offset = headers.lastHeader(DLT_HEADER_PREFIX + "original-offset");
        // spring-kafka writes these two as big-endian binary numbers, not text
        if (partition != null && partition.value().length == Integer.BYTES) {
            deadLetter.put("originalPartition", ByteBuffer.wrap(partition.value()).getInt());
        }
        if (offset != null && offset.value().length == Long.BYTES) {
            deadLetter.put("originalOffset", ByteBuffer.wrap(offset.value()).getLong());
        }
        return deadLetter;
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

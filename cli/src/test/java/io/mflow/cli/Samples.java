package io.mflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import java.util.Optional;

/** Records as they arrive from a topic, built from any schema of the contract. */
final class Samples {

    static final long AN_INSTANT = Instant.parse("2026-12-06T19:30:00.123Z").toEpochMilli();

    private Samples() {
    }

    /** A record of the schema with every field filled, unions with their non-null branch, so every field shows. */
    static GenericRecord filled(Schema schema) {
        return (GenericRecord) value(schema);
    }

    private static Object value(Schema schema) {
        switch (schema.getType()) {
            case RECORD:
                GenericData.Record record = new GenericData.Record(schema);
                schema.getFields().forEach(field -> record.put(field.name(), value(field.schema())));
                return record;
            case UNION:
                return value(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                        .orElseThrow());
            case ENUM:
                return new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
            case ARRAY:
                return List.of(value(schema.getElementType()));
            case MAP:
                return Map.of("KEY", value(schema.getValueType()));
            case STRING:
                return "text";
            case LONG:
                return schema.getLogicalType() == null ? 42L : AN_INSTANT;
            case INT:
                return 7;
            case BOOLEAN:
                return true;
            case DOUBLE:
                return 1.5;
            case FLOAT:
                return 1.5f;
            case BYTES:
                return ByteBuffer.wrap(new byte[] {1, 2});
            case FIXED:
                return new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
            default:
                return null;
        }
    }

    /** Single-object encoded with the record's own schema, as any Avro writer would. */
    static byte[] encoded(GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema()).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConsumerRecord<byte[], byte[]> onTopic(String topic, String key, byte[] value, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(topic, 2, 41, AN_INSTANT, TimestampType.CREATE_TIME, -1, value == null ? -1 : value.length,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, recordHeaders, Optional.empty());
    }
}

package io.mflow.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import io.mflow.schemas.Topics;
import java.nio.charset.StandardCharsets;

/**
 * Avro single-object encoding (the Avro spec's {@code C3 01} + schema fingerprint + body): any Avro implementation
 * can decode it without a schema registry, and the fingerprint lets one topic carry several record types.
 */
public class AvroSerializer implements Serializer<SpecificRecord> {

    /** An encoder computes its schema's fingerprint when made; made once per type, not once per record. */
    private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();

    @Override
    public byte[] serialize(String topic, SpecificRecord data) {
        if (data == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoders.computeIfAbsent(data.getSchema(), schema -> new BinaryMessageEncoder<>(
                    SpecificData.getForClass(data.getClass()), schema)).encode(data);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new SerializationException("Avro encoding of " + data.getSchema().getFullName() + " failed", e);
        }
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SpecificRecord data) {
        if (data != null) {
            headers.remove(Topics.TYPE_HEADER);
            headers.add(Topics.TYPE_HEADER, data.getSchema().getFullName().getBytes(StandardCharsets.UTF_8));
        }
        return serialize(topic, data);
    }
}

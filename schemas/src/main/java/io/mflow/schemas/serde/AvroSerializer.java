package io.mflow.schemas.serde;

import io.mflow.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a record of the contract in one of two framings:
 * <ul>
 *   <li>by default, Avro single-object encoding (the Avro spec's {@code C3 01} + the writer schema's fingerprint +
 *       body): any Avro implementation decodes it without a registry, and the fingerprint lets one topic carry
 *       several record types;</li>
 *   <li>with {@value SchemaRegistry#URL_CONFIG} set, the Confluent wire format (a zero byte, the schema's id in the
 *       registry as 4 bytes big-endian, the body), registering the schema first, so a Kafka UI that knows the
 *       registry decodes every topic.</li>
 * </ul>
 * Every record goes out with a {@code mflow-type} header and the CloudEvents headers of {@link CloudEventHeaders},
 * whose {@code ce_source} is the {@value #SOURCE_CONFIG} setting (as a Kafka serializer config) or the
 * constructor's; in registry mode {@code ce_dataschema} says where the registry serves the writer schema.
 */
public class AvroSerializer implements Serializer<SpecificRecord> {

    /** The serializer config naming the producer in {@code ce_source}, such as {@code /mflow/task-service}. */
    public static final String SOURCE_CONFIG = "mflow.cloudevents.source";

    static final byte WIRE_FORMAT_MAGIC = 0;

    private static final String DEFAULT_SOURCE = "/mflow";

    private String source;
    private SchemaRegistry registry;

    /** An encoder computes its schema's fingerprint when made; made once per type, not once per record. */
    private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<SpecificRecord>> writers = new ConcurrentHashMap<>();

    /** For Kafka, which configures it with {@link #configure}. */
    public AvroSerializer() {
        this(DEFAULT_SOURCE);
    }

    public AvroSerializer(String source) {
        this.source = source;
    }

    /** One configured as a Kafka producer's value serializer would be, for records stored now and sent later. */
    public static AvroSerializer configuredBy(Map<String, ?> producerConfigs) {
        AvroSerializer serializer = new AvroSerializer();
        serializer.configure(producerConfigs, false);
        return serializer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object configured = configs.get(SOURCE_CONFIG);
        if (configured != null && !configured.toString().isBlank()) {
            source = configured.toString();
        }
        registry = SchemaRegistry.configuredBy(configs);
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord data) {
        if (data == null) {
            return null;
        }
        try {
            return registry == null ? singleObject(data) : wireFormat(data);
        } catch (IOException e) {
            throw new SerializationException("Avro encoding of " + data.getSchema().getFullName() + " failed", e);
        }
    }

    private byte[] singleObject(SpecificRecord data) throws IOException {
        ByteBuffer buffer = encoders.computeIfAbsent(data.getSchema(), schema -> new BinaryMessageEncoder<>(
                SpecificData.getForClass(data.getClass()), schema)).encode(data);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private byte[] wireFormat(SpecificRecord data) throws IOException {
        int id = registry.idOf(data.getSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WIRE_FORMAT_MAGIC);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writers.computeIfAbsent(data.getSchema(), schema -> new SpecificDatumWriter<>(schema,
                SpecificData.getForClass(data.getClass()))).write(data, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SpecificRecord data) {
        if (data != null) {
            headersOf(data).forEach((name, value) -> {
                headers.remove(name);
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            });
        }
        return serialize(topic, data);
    }

    /** The value and its headers, for a record that is stored now and sent later (an outbox). */
    public EncodedRecord encode(String topic, SpecificRecord data) {
        return new EncodedRecord(serialize(topic, data), headersOf(data));
    }

    private Map<String, String> headersOf(SpecificRecord data) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Topics.TYPE_HEADER, data.getSchema().getFullName());
        headers.putAll(CloudEventHeaders.of(data, source));
        if (registry != null) {
            headers.put(CloudEventHeaders.DATA_SCHEMA, registry.schemaUrl(registry.idOf(data.getSchema())));
        }
        return headers;
    }
}

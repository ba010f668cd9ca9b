package io.mflow.schemas.serde;

import io.mflow.schemas.Contract;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes any record of the {@link Contract}, written with the current or any published older schema, in either
 * framing {@link AvroSerializer} writes: single-object encoding, or the Confluent wire format when a schema registry
 * is configured ({@value SchemaRegistry#URL_CONFIG}). Both are read side by side, so a topic that holds records of
 * both (a system switched to registry mode while running, a user's agent that writes single-object records) loses
 * nothing. A value in neither framing, or written with a schema we never published, is rejected with a
 * {@link SerializationException} that says why (spring-kafka's ErrorHandlingDeserializer turns it into a
 * dead-letter record).
 */
public class AvroDeserializer implements Deserializer<SpecificRecord> {

    private static final byte MARKER_1 = (byte) 0xC3;
    private static final byte MARKER_2 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;
    private static final int WIRE_FORMAT_HEADER_LENGTH = 5;

    static {
        // Avro 1.12.2 refuses to instantiate generated classes it was not told to trust; trust our packages only.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getPackageName().startsWith("io.mflow.schemas")));
    }

    private final Map<Long, BinaryMessageDecoder<SpecificRecord>> decodersByFingerprint = new ConcurrentHashMap<>();
    /** For the wire format, which carries no fingerprint: the record type and reader schema of each writer schema. */
    private final Map<Long, Reading> readingsByFingerprint = new ConcurrentHashMap<>();
    private final Map<Integer, SpecificDatumReader<SpecificRecord>> readersById = new ConcurrentHashMap<>();
    private SchemaRegistry registry;

    private record Reading(SpecificData model, Schema reader) {
    }

    public AvroDeserializer() {
        for (Class<? extends SpecificRecord> type : Contract.TYPES) {
            Schema reader = SpecificData.get().getSchema(type);
            SpecificData model = SpecificData.getForClass(type);
            register(model, reader, reader);
            for (Schema writer : Contract.publishedVersions(type)) {
                register(model, writer, reader);
            }
        }
    }

    /** One that also reads the Confluent wire format, asking this registry for the schemas of its ids. */
    public AvroDeserializer(SchemaRegistry registry) {
        this();
        this.registry = registry;
    }

    private void register(SpecificData model, Schema writer, Schema reader) {
        BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, reader);
        decoder.addSchema(writer);
        long fingerprint = SchemaNormalization.parsingFingerprint64(writer);
        decodersByFingerprint.put(fingerprint, decoder);
        readingsByFingerprint.put(fingerprint, new Reading(model, reader));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistry configured = SchemaRegistry.configuredBy(configs);
        if (configured != null) {
            registry = configured;
        }
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > WIRE_FORMAT_HEADER_LENGTH && data[0] == AvroSerializer.WIRE_FORMAT_MAGIC) {
            return fromWireFormat(topic, data);
        }
        if (data.length < HEADER_LENGTH || data[0] != MARKER_1 || data[1] != MARKER_2) {
            throw new SerializationException("value on " + topic + " is not an Avro single-object encoded record"
                    + " (C3 01 + fingerprint), nor in a schema registry's wire format (00 + schema id)");
        }
        long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        BinaryMessageDecoder<SpecificRecord> decoder = decodersByFingerprint.get(fingerprint);
        if (decoder == null) {
            throw new SerializationException("value on " + topic + " was written with an unknown schema (fingerprint "
                    + Long.toHexString(fingerprint) + "); see the schemas module for the published ones");
        }
        try {
            return decoder.decode(data);
        } catch (Exception e) {
            throw new SerializationException("value on " + topic + " is a corrupt Avro record: " + e.getMessage(), e);
        }
    }

    private SpecificRecord fromWireFormat(String topic, byte[] data) {
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        if (registry == null) {
            throw new SerializationException("value on " + topic + " is in a schema registry's wire format (schema id "
                    + id + ") but no registry is configured (" + SchemaRegistry.URL_CONFIG + ")");
        }
        SpecificDatumReader<SpecificRecord> reader = readersById.computeIfAbsent(id, this::readerOf);
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, WIRE_FORMAT_HEADER_LENGTH,
                    data.length - WIRE_FORMAT_HEADER_LENGTH, null));
        } catch (Exception e) {
            throw new SerializationException("value on " + topic + " is a corrupt Avro record: " + e.getMessage(), e);
        }
    }

    private SpecificDatumReader<SpecificRecord> readerOf(int id) {
        Schema writer = registry.schemaOf(id);
        Reading reading = readingsByFingerprint.get(SchemaNormalization.parsingFingerprint64(writer));
        if (reading == null) {
            throw new SerializationException("schema " + id + " of " + registry + " (" + writer.getFullName()
                    + ") is not a published version of the contract");
        }
        return new SpecificDatumReader<>(writer, reading.reader(), reading.model());
    }
}

package io.mflow.schemas.serde;

import io.mflow.schemas.Contract;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes any record of the {@link Contract}, written with the current or any published older schema. A value
 * that is not single-object encoded, or was written with a schema we never published, is rejected with a
 * {@link SerializationException} that says why (spring-kafka's ErrorHandlingDeserializer turns it into a
 * dead-letter record).
 */
public class AvroDeserializer implements Deserializer<SpecificRecord> {

    private static final byte MARKER_1 = (byte) 0xC3;
    private static final byte MARKER_2 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;

    static {
        // Avro 1.12.2 refuses to instantiate generated classes it was not told to trust; trust our packages only.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getPackageName().startsWith("io.mflow.schemas")));
    }

    private final Map<Long, BinaryMessageDecoder<SpecificRecord>> decodersByFingerprint = new ConcurrentHashMap<>();

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

    private void register(SpecificData model, Schema writer, Schema reader) {
        BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, reader);
        decoder.addSchema(writer);
        decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(writer), decoder);
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_LENGTH || data[0] != MARKER_1 || data[1] != MARKER_2) {
            throw new SerializationException("value on " + topic + " is not an Avro single-object encoded record");
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
}

package io.mflow.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Turns a record's value into the record its writer wrote, read with the writer's own schema, so a dashboard sees
 * exactly the fields that version has. The one place that knows an encoding: today Avro single-object encoding
 * ({@code C3 01}, the writer schema's 8-byte fingerprint, the body), which every mflow service writes. The
 * Confluent wire format (magic byte 0, a 4-byte schema id, the body) is recognised and belongs here when the
 * registry mode comes: look the id up, then decode the body as below.
 */
final class ValueDecoder {

    /** What became of a value: the writer's record, or why there is none. */
    sealed interface Decoding permits Decoded, Undecodable {
    }

    record Decoded(PublishedSchemas.Writer writer, GenericRecord record) implements Decoding {
    }

    record Undecodable(String reason) implements Decoding {
    }

    private static final byte SINGLE_OBJECT_1 = (byte) 0xC3;
    private static final byte SINGLE_OBJECT_2 = (byte) 0x01;
    private static final int SINGLE_OBJECT_HEADER = 10;
    private static final byte CONFLUENT_MAGIC = 0;
    private static final int CONFLUENT_HEADER = 5;

    private final PublishedSchemas schemas;
    private final Map<Schema, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    ValueDecoder(PublishedSchemas schemas) {
        this.schemas = schemas;
    }

    Decoding decode(byte[] value) {
        if (value.length >= SINGLE_OBJECT_HEADER && value[0] == SINGLE_OBJECT_1 && value[1] == SINGLE_OBJECT_2) {
            return singleObject(value);
        }
        if (value.length >= CONFLUENT_HEADER && value[0] == CONFLUENT_MAGIC) {
            int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
            return new Undecodable("Confluent wire format (schema id " + schemaId + "), which this mflow does not read yet");
        }
        return new Undecodable("not an Avro single-object encoded record (it starts with neither C3 01 nor 00)");
    }

    private Decoding singleObject(byte[] value) {
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Optional<PublishedSchemas.Writer> writer = schemas.byFingerprint(fingerprint);
        if (writer.isEmpty()) {
            return new Undecodable("written with a schema that was never published (fingerprint "
                    + String.format("%016x", fingerprint) + ")");
        }
        try {
            BinaryDecoder body = DecoderFactory.get().binaryDecoder(value, SINGLE_OBJECT_HEADER,
                    value.length - SINGLE_OBJECT_HEADER, null);
            GenericRecord record = readers.computeIfAbsent(writer.get().schema(), GenericDatumReader::new)
                    .read(null, body);
            if (!body.isEnd()) {
                return new Undecodable("corrupt " + writer.get().type() + ": bytes left after the record");
            }
            return new Decoded(writer.get(), record);
        } catch (Exception e) {
            return new Undecodable("corrupt " + writer.get().type() + ": " + e);
        }
    }
}

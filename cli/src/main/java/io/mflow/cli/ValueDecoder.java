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
import io.mflow.schemas.serde.SchemaRegistry;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns a record's value into the record its writer wrote, read with the writer's own schema, so a dashboard sees
 * exactly the fields that version has. The one place that knows an encoding: Avro single-object encoding
 * ({@code C3 01}, the writer schema's 8-byte fingerprint, the body), which every mflow service writes by default, and
 * the Confluent wire format of registry mode (magic byte 0, a 4-byte schema id, the body), read with the schema the
 * registry serves for the id.
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
    private final SchemaRegistry registry;
    private final Map<Schema, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    ValueDecoder(PublishedSchemas schemas) {
        this(schemas, null);
    }

    /** {@code registry}: where to look up the schema ids of the wire format; null when none was named. */
    ValueDecoder(PublishedSchemas schemas, SchemaRegistry registry) {
        this.schemas = schemas;
        this.registry = registry;
    }

    Decoding decode(byte[] value) {
        if (value.length >= SINGLE_OBJECT_HEADER && value[0] == SINGLE_OBJECT_1 && value[1] == SINGLE_OBJECT_2) {
            return singleObject(value);
        }
        if (value.length >= CONFLUENT_HEADER && value[0] == CONFLUENT_MAGIC) {
            return wireFormat(value, ByteBuffer.wrap(value, 1, 4).getInt());
        }
        return new Undecodable("not an Avro single-object encoded record (it starts with neither C3 01 nor 00)");
    }

    private Decoding wireFormat(byte[] value, int schemaId) {
        if (registry == null) {
            return new Undecodable("Confluent wire format (schema id " + schemaId + "): name the schema registry with"
                    + " --schema-registry or MFLOW_SCHEMA_REGISTRY_URL to read it");
        }
        Schema schema;
        try {
            schema = registry.schemaOf(schemaId);
        } catch (SerializationException e) {
            return new Undecodable("Confluent wire format (schema id " + schemaId + "): " + e.getMessage());
        }
        PublishedSchemas.Writer writer = schemas.byFingerprint(PublishedSchemas.fingerprint(schema))
                .orElseGet(() -> new PublishedSchemas.Writer(schema.getName(), schema.getFullName(), null, schema));
        return body(value, CONFLUENT_HEADER, writer);
    }

    private Decoding singleObject(byte[] value) {
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Optional<PublishedSchemas.Writer> writer = schemas.byFingerprint(fingerprint);
        if (writer.isEmpty()) {
            return new Undecodable("written with a schema that was never published (fingerprint "
                    + String.format("%016x", fingerprint) + ")");
        }
        return body(value, SINGLE_OBJECT_HEADER, writer.get());
    }

    private Decoding body(byte[] value, int offset, PublishedSchemas.Writer writer) {
        try {
            BinaryDecoder body = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, null);
            GenericRecord record = readers.computeIfAbsent(writer.schema(), GenericDatumReader::new).read(null, body);
            if (!body.isEnd()) {
                return new Undecodable("corrupt " + writer.type() + ": bytes left after the record");
            }
            return new Decoded(writer, record);
        } catch (Exception e) {
            return new Undecodable("corrupt " + writer.type() + ": " + e);
        }
    }
}

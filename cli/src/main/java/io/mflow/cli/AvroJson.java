package io.mflow.cli;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A decoded Avro value as plain JSON, the way a person reads it: a record is an object with its fields in schema
 * order, a union is its value without Avro's {@code {"type": value}} wrapper, an enum is its symbol, a map is an
 * object (keys sorted, so equal records print equal lines), timestamps are ISO-8601 instants, bytes are base64.
 * Strings are printed as they are: a sealed value ({@code enc:v1:...}) or a report's proof stays exactly as it was
 * on the topic.
 */
final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    static ObjectNode of(GenericRecord record) {
        return (ObjectNode) of(record, record.getSchema());
    }

    static JsonNode of(Object datum, Schema schema) {
        if (datum == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case RECORD:
                GenericRecord record = (GenericRecord) datum;
                ObjectNode object = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    object.set(field.name(), of(record.get(field.pos()), field.schema()));
                }
                return object;
            case UNION:
                return of(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case ENUM:
            case STRING:
                return NODES.stringNode(datum.toString());
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (Object item : (List<?>) datum) {
                    array.add(of(item, schema.getElementType()));
                }
                return array;
            case MAP:
                ObjectNode map = NODES.objectNode();
                Map<String, Object> sorted = new TreeMap<>();
                ((Map<?, ?>) datum).forEach((key, value) -> sorted.put(key.toString(), value));
                sorted.forEach((key, value) -> map.set(key, of(value, schema.getValueType())));
                return map;
            case LONG:
                return longValue((Long) datum, schema.getLogicalType());
            case INT:
                return schema.getLogicalType() != null && "date".equals(schema.getLogicalType().getName())
                        ? NODES.stringNode(LocalDate.ofEpochDay((Integer) datum).toString())
                        : NODES.numberNode((Integer) datum);
            case FLOAT:
                return NODES.numberNode((Float) datum);
            case DOUBLE:
                return NODES.numberNode((Double) datum);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) datum);
            case BYTES:
                ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.stringNode(Base64.getEncoder().encodeToString(bytes));
            case FIXED:
                return NODES.stringNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            case NULL:
            default:
                return NODES.nullNode();
        }
    }

    private static JsonNode longValue(long value, LogicalType logicalType) {
        String name = logicalType == null ? "" : logicalType.getName();
        if (name.equals("timestamp-millis")) {
            return NODES.stringNode(Instant.ofEpochMilli(value).toString());
        }
        if (name.equals("timestamp-micros")) {
            return NODES.stringNode(Instant.EPOCH.plusNanos(Math.multiplyExact(value, 1000L)).toString());
        }
        return NODES.numberNode(value);
    }
}

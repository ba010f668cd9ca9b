package io.mflow.schemas.serde;

import io.mflow.schemas.Contract;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The CloudEvents attributes of a contract record, as Kafka headers in the binary content mode of the CloudEvents
 * Kafka protocol binding ({@code ce_<attribute>}, and {@code content-type} for {@code datacontenttype}). Generic
 * tools route by {@code ce_type} and deduplicate by {@code ce_id} without decoding the value.
 *
 * <ul>
 *   <li>{@code ce_id}: the record's own id, the one its consumers deduplicate by ({@code eventId}, {@code reportId};
 *       a command's {@code attemptId}, with {@code /cancel} for a cancel; a log chunk's attempt and first line);</li>
 *   <li>{@code ce_type}: the Avro full name and the published version the record was written with, such as
 *       {@code io.mflow.schemas.event.JobTaskStatusChanged.v4};</li>
 *   <li>{@code ce_subject}: the job task the record is about, else its pipeline task (or, for an endpoint, the
 *       endpoint);</li>
 *   <li>{@code ce_time}: when the fact happened, as the record says.</li>
 * </ul>
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    /** In registry mode only: where the registry serves the writer schema. */
    public static final String DATA_SCHEMA = "ce_dataschema";

    /** Avro binary, framed as the record's first bytes say (single-object encoding or the registry's wire format). */
    public static final String AVRO = "application/avro";

    /** Where a time is found, in this order: one of them is in every type of the contract. */
    private static final List<String> TIME_FIELDS = List.of("occurredAt", "reportedAt", "createdAt", "issuedAt",
            "at");
    private static final List<String> SUBJECT_FIELDS = List.of("jobTaskId", "approvalId", "pipelineTaskId", "endpointId");

    private static final Map<Schema, String> TYPES = new ConcurrentHashMap<>();

    private CloudEventHeaders() {
    }

    /** {@code source}: the producer, a URI reference such as {@code /mflow/task-service}. */
    public static Map<String, String> of(SpecificRecord record, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, "1.0");
        headers.put(ID, idOf(record));
        headers.put(SOURCE, source);
        headers.put(TYPE, typeOf(record.getSchema()));
        String subject = firstText(record, SUBJECT_FIELDS);
        if (subject != null) {
            headers.put(SUBJECT, subject);
        }
        Instant time = timeOf(record);
        if (time != null) {
            headers.put(TIME, time.toString());
        }
        headers.put(CONTENT_TYPE, AVRO);
        return headers;
    }

    /** {@code <full name>.v<N>}: N is the published version whose schema the record carries. */
    public static String typeOf(Schema schema) {
        return TYPES.computeIfAbsent(schema, s -> s.getFullName() + ".v" + Contract.versionOf(s));
    }

    static String idOf(SpecificRecord record) {
        Schema schema = record.getSchema();
        for (String field : List.of("eventId", "reportId")) {
            if (schema.getField(field) != null) {
                return String.valueOf(value(record, field));
            }
        }
        if (schema.getName().equals("CancelJob")) {
            return value(record, "attemptId") + "/cancel";
        }
        if (schema.getField("attemptId") != null) {
            return String.valueOf(value(record, "attemptId"));
        }
        // A log chunk: its attempt's lines from the first one, the same id for the same lines sent again.
        return value(record, "jobTaskId") + "#" + value(record, "attempt") + "@" + value(record, "firstLine");
    }

    private static String firstText(SpecificRecord record, List<String> fields) {
        for (String field : fields) {
            if (record.getSchema().getField(field) != null) {
                Object value = value(record, field);
                if (value != null && !value.toString().isBlank()) {
                    return value.toString();
                }
            }
        }
        return null;
    }

    private static Instant timeOf(SpecificRecord record) {
        for (String field : TIME_FIELDS) {
            if (record.getSchema().getField(field) != null && value(record, field) instanceof Instant time) {
                return time;
            }
        }
        return null;
    }

    private static Object value(SpecificRecord record, String field) {
        return record.get(record.getSchema().getField(field).pos());
    }
}

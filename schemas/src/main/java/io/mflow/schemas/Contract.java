package io.mflow.schemas;

import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.event.ApprovalChanged;
import io.mflow.schemas.event.JobLogChunk;
import io.mflow.schemas.event.JobTaskCreated;
import io.mflow.schemas.event.JobTaskGateChanged;
import io.mflow.schemas.event.JobTaskRetried;
import io.mflow.schemas.event.JobTaskStatusChanged;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.event.JobTaskTurnCame;
import io.mflow.schemas.event.NotificationDelivered;
import io.mflow.schemas.event.NotifyEndpointChanged;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/** Every record type of the contract, and every schema version of each that was ever published. */
public final class Contract {

    public static final List<Class<? extends SpecificRecord>> TYPES = List.of(
            JobTaskStatusReported.class,
            JobTaskStatusChanged.class,
            JobTaskGateChanged.class,
            JobTaskCreated.class,
            JobTaskRetried.class,
            PipelineTaskCreated.class,
            PipelineTaskStatusChanged.class,
            PipelineTaskStatusReported.class,
            JobTaskTurnCame.class,
            NotificationDelivered.class,
            JobLogChunk.class,
            NotifyEndpointChanged.class,
            RunJob.class,
            CancelJob.class,
            ApprovalChanged.class);

    /** How many versions of each type are published as {@code schemas/<Name>-v<N>.avsc}. */
    private static final int MAX_VERSIONS = 100;

    private Contract() {
    }

    /** A published version of a type: its number (1, 2, ...) and its schema. */
    public record Published(String typeName, int version, Schema schema) {
    }

    /** Read once, when first asked: every published version of every type. */
    private static final class ByFingerprint {
        static final Map<Long, Published> PUBLISHED = read();

        private static Map<Long, Published> read() {
            Map<Long, Published> published = new HashMap<>();
            for (Class<? extends SpecificRecord> type : TYPES) {
                List<Schema> versions = publishedVersions(type);
                for (int i = 0; i < versions.size(); i++) {
                    Schema schema = versions.get(i);
                    published.put(SchemaNormalization.parsingFingerprint64(schema),
                            new Published(schema.getName(), i + 1, schema));
                }
            }
            return Map.copyOf(published);
        }
    }

    /**
     * Every published version of every type, by the fingerprint of its Parsing Canonical Form: what a
     * single-object encoded record names its writer schema by.
     */
    public static Map<Long, Published> publishedByFingerprint() {
        return ByFingerprint.PUBLISHED;
    }

    /** The published version (1, 2, ...) a schema is, found by its fingerprint; 0 for one never published. */
    public static int versionOf(Schema schema) {
        Published published = ByFingerprint.PUBLISHED.get(SchemaNormalization.parsingFingerprint64(schema));
        return published == null ? 0 : published.version();
    }

    /** The published versions of a type, oldest first, read from {@code schemas/<SimpleName>-vN.avsc}. */
    public static List<Schema> publishedVersions(Class<? extends SpecificRecord> type) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; v <= MAX_VERSIONS; v++) {
            String resource = "/schemas/" + type.getSimpleName() + "-v" + v + ".avsc";
            try (InputStream in = Contract.class.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(resource, e);
            }
        }
        return versions;
    }
}

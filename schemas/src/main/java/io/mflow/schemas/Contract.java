package io.mflow.schemas;

import io.mflow.schemas.command.CancelJob;
import io.mflow.schemas.command.RunJob;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
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
            CancelJob.class);

    /** How many versions of each type are published as {@code schemas/<Name>-v<N>.avsc}. */
    private static final int MAX_VERSIONS = 100;

    private static final Map<String, List<Schema>> VERSIONS_BY_NAME = new ConcurrentHashMap<>();

    private Contract() {
    }

    /**
     * The published version (1, 2, ...) a schema is, found by its fingerprint among its type's published versions;
     * 0 for a schema that was never published.
     */
    public static int versionOf(Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        List<Schema> versions = VERSIONS_BY_NAME.computeIfAbsent(schema.getFullName(), name -> TYPES.stream()
                .filter(type -> SpecificData.get().getSchema(type).getFullName().equals(name))
                .findFirst().map(Contract::publishedVersions).orElse(List.of()));
        for (int i = 0; i < versions.size(); i++) {
            if (SchemaNormalization.parsingFingerprint64(versions.get(i)) == fingerprint) {
                return i + 1;
            }
        }
        return 0;
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

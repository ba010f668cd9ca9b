package io.mflow.pipeline.adapter.mongo;

import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.TaskProgress;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.aggregate.VersionedDocuments;
import io.mflow.platform.outbox.MongoOutboxDocuments;
import io.mflow.platform.outbox.OutboxEntry;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Runs in MongoDB, one document each in {@link #COLLECTION}, with its outbox (read by the platform's
 * {@code MongoOutboxes}); every change is a compare-and-set on {@code version}.
 */
public class MongoPipelineRuns implements AggregateStore<PipelineRun> {

    public static final String COLLECTION = RunDocument.COLLECTION;

    private static final TypeInformation<RunDocument> RUN = TypeInformation.of(RunDocument.class);

    private final MongoTemplate mongo;

    public MongoPipelineRuns(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<Stored<PipelineRun>> read(String pipelineTaskId) {
        return Optional.ofNullable(mongo.findById(pipelineTaskId, RunDocument.class))
                .map(doc -> new Stored<>(toRun(doc), doc.version()));
    }

    @Override
    public boolean insert(PipelineRun run, List<OutboxEntry> outbox) {
        try {
            mongo.insert(toDocument(run, Stored.FIRST_VERSION, outbox));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * Goes to the driver as a plain document: through MongoTemplate's update mapping, every nested task and param was
     * mapped again against the entity, which cost more CPU than deciding the run's next step.
     */
    @Override
    public boolean update(PipelineRun run, long expectedVersion, List<OutboxEntry> outbox) {
        RunDocument doc = toDocument(run, expectedVersion + 1, List.of());
        Document changed = new Document("tasks", bson("tasks", doc.tasks()))
                .append("outputs", bson("outputs", doc.outputs()))
                .append("appliedEventIds", doc.appliedEventIds())
                .append("cancelRequested", doc.cancelRequested())
                .append("held", doc.held())
                .append("conclusion", doc.conclusion() == null ? null : bson("conclusion", doc.conclusion()));
        if (doc.conclusion() != null) {
            // when it concluded, for retention (MongoRunHistory); set only then, so its index moves once per run
            changed.append("concludedAt", new java.util.Date());
        }
        return VersionedDocuments.update(mongo.getCollection(COLLECTION), run.pipelineTaskId(), expectedVersion, changed,
                outbox);
    }

    /** A field's value as the driver takes it, typed by the field so that no {@code _class} hints are added. */
    private Object bson(String field, Object value) {
        return mongo.getConverter().convertToMongoType(value, RUN.getProperty(field));
    }

    private static RunDocument toDocument(PipelineRun run, long version, List<OutboxEntry> outbox) {
        return new RunDocument(run.pipelineTaskId(), version, run.pipelineName(), run.dryRun(), pairs(run.labels()),
                run.stages().stream().map(RunDocument.StageDocument::of).toList(),
                run.progress().values().stream().map(RunDocument.ProgressDocument::of).toList(), pairs(run.outputs()),
                List.copyOf(run.appliedEventIds()), run.cancelRequested(), RunDocument.ConclusionDocument.of(run.conclusion()),
                outbox.stream().map(MongoOutboxDocuments::toDocument).toList(), outbox.isEmpty() ? null : true,
                run.standalone() ? true : null, run.resumes() == 0 ? null : run.resumes(), run.held() ? true : null);
    }

    private static PipelineRun toRun(RunDocument doc) {
        Map<String, TaskProgress> progress = orEmpty(doc.tasks()).stream().map(RunDocument.ProgressDocument::toDomain)
                .collect(Collectors.toMap(TaskProgress::jobTaskId, Function.identity(), (a, b) -> b, LinkedHashMap::new));
        return new PipelineRun(doc.id(), doc.pipelineName(), doc.dryRun(), map(doc.labels()),
                orEmpty(doc.stages()).stream().map(RunDocument.StageDocument::toDomain).toList(), progress,
                map(doc.outputs()), new LinkedHashSet<>(orEmpty(doc.appliedEventIds())), doc.cancelRequested(),
                doc.conclusion() == null ? null : doc.conclusion().toDomain(), Boolean.TRUE.equals(doc.standalone()),
                doc.resumes() == null ? 0 : doc.resumes(), Boolean.TRUE.equals(doc.held()));
    }

    private static List<RunDocument.Pair> pairs(Map<String, String> map) {
        return map.entrySet().stream().map(e -> new RunDocument.Pair(e.getKey(), e.getValue())).toList();
    }

    private static Map<String, String> map(List<RunDocument.Pair> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        orEmpty(pairs).forEach(pair -> map.put(pair.name(), pair.value()));
        return map;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}

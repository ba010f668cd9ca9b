package io.mflow.pipeline.adapter.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.mflow.pipeline.app.OutboxEntry;
import io.mflow.pipeline.app.PipelineRuns;
import io.mflow.pipeline.app.StoredRun;
import io.mflow.pipeline.domain.PipelineRun;
import io.mflow.pipeline.domain.TaskProgress;
import io.mflow.platform.outbox.MongoOutboxDocuments;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/** Runs in MongoDB, one document each; every change is a compare-and-set on {@code version}. */
public class MongoPipelineRuns implements PipelineRuns {

    private final MongoTemplate mongo;

    public MongoPipelineRuns(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<StoredRun> find(String pipelineTaskId) {
        return Optional.ofNullable(mongo.findById(pipelineTaskId, RunDocument.class))
                .map(doc -> new StoredRun(toRun(doc), doc.version()));
    }

    @Override
    public boolean insert(PipelineRun run, List<OutboxEntry> outbox) {
        try {
            mongo.insert(toDocument(run, 0, outbox));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public boolean update(PipelineRun run, long expectedVersion, List<OutboxEntry> outbox) {
        RunDocument doc = toDocument(run, expectedVersion + 1, outbox);
        Update update = new Update()
                .set("tasks", doc.tasks())
                .set("outputs", doc.outputs())
                .set("appliedEventIds", doc.appliedEventIds())
                .set("cancelRequested", doc.cancelRequested())
                .set("conclusion", doc.conclusion())
                .inc("version", 1);
        if (!outbox.isEmpty()) {
            update.push("outbox").each(outbox.stream().map(RunDocument.OutboxEntryDocument::of).toArray());
            update.set(MongoOutboxDocuments.PENDING, true);
        }
        return mongo.updateFirst(query(where("_id").is(run.pipelineTaskId()).and("version").is(expectedVersion)),
                update, RunDocument.class).getModifiedCount() == 1;
    }

    private static RunDocument toDocument(PipelineRun run, long version, List<OutboxEntry> outbox) {
        return new RunDocument(run.pipelineTaskId(), version, run.pipelineName(), run.dryRun(), pairs(run.labels()),
                run.stages().stream().map(RunDocument.StageDocument::of).toList(),
                run.progress().values().stream().map(RunDocument.ProgressDocument::of).toList(), pairs(run.outputs()),
                List.copyOf(run.appliedEventIds()), run.cancelRequested(), RunDocument.ConclusionDocument.of(run.conclusion()),
                outbox.stream().map(RunDocument.OutboxEntryDocument::of).toList(), outbox.isEmpty() ? null : true);
    }

    private static PipelineRun toRun(RunDocument doc) {
        Map<String, TaskProgress> progress = orEmpty(doc.tasks()).stream().map(RunDocument.ProgressDocument::toDomain)
                .collect(Collectors.toMap(TaskProgress::jobTaskId, Function.identity(), (a, b) -> b, LinkedHashMap::new));
        return new PipelineRun(doc.id(), doc.pipelineName(), doc.dryRun(), map(doc.labels()),
                orEmpty(doc.stages()).stream().map(RunDocument.StageDocument::toDomain).toList(), progress,
                map(doc.outputs()), new LinkedHashSet<>(orEmpty(doc.appliedEventIds())), doc.cancelRequested(),
                doc.conclusion() == null ? null : doc.conclusion().toDomain());
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

package io.mflow.task.config;

import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.AggregateStore;
import io.mflow.platform.aggregate.EventEncoder;
import io.mflow.platform.kafka.KafkaProperties;
import io.mflow.platform.outbox.MongoOutboxes;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.task.adapter.mongo.MongoApprovals;
import io.mflow.task.adapter.mongo.MongoJobTasks;
import io.mflow.task.adapter.mongo.MongoPipelineTasks;
import io.mflow.task.app.JobLogChunks;
import io.mflow.task.app.KeepJobLog;
import io.mflow.task.app.StageChanges;
import io.mflow.task.domain.JobLogHead;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskEvent;
import io.mflow.task.domain.PipelineTask;
import io.mflow.task.domain.PipelineTaskEvent;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The seam through which every change of a job task and of a pipeline task goes, and the outboxes it writes. */
@Configuration(proxyBeanMethods = false)
class AggregateConfiguration {

    /** The kind of a log head, as the seam names it: its collection. */
    private static final String JOB_LOGS = "job_logs";

    /** More job tasks than one instance has in flight at once; a task takes one or two KB. */
    private static final long RECALLED_JOB_TASKS = 10_000;

    /** Pipeline tasks before job tasks: after a crash, a run's plan goes out before the changes of its tasks. */
    @Bean
    OutboxStore outboxStore(MongoTemplate mongo) {
        return new MongoOutboxes(mongo.getDb(), List.of(MongoPipelineTasks.COLLECTION, MongoJobTasks.COLLECTION,
                MongoApprovals.COLLECTION));
    }

    /** A job task reports three times or more: those in flight are recalled, finished ones forgotten. */
    @Bean
    AggregateChanges<JobTask, JobTaskEvent> jobTaskChanges(AggregateStore<JobTask> store,
                                                           EventEncoder<JobTask, JobTaskEvent> encoder,
                                                           OutboxRelay relay, StageChanges stageChanges,
                                                           KafkaProperties kafka) {
        return AggregateChanges.of(MongoJobTasks.COLLECTION, JobTask::id, store, encoder, relay)
                .recalling(RECALLED_JOB_TASKS, JobTask::inFlight)
                .maxRecordBytes(kafka.maxRecordBytes())
                .onMoved((before, after) -> {
                    if (before != null && before.stage() != after.stage()) {
                        stageChanges.jobTaskMoved(after.stage());
                    }
                })
                .build();
    }

    @Bean
    AggregateChanges<PipelineTask, PipelineTaskEvent> pipelineTaskChanges(
            AggregateStore<PipelineTask> store, EventEncoder<PipelineTask, PipelineTaskEvent> encoder,
            OutboxRelay relay, StageChanges stageChanges, KafkaProperties kafka) {
        return AggregateChanges.of(MongoPipelineTasks.COLLECTION, PipelineTask::id, store, encoder, relay)
                .maxRecordBytes(kafka.maxRecordBytes())
                .onMoved((before, after) -> {
                    if (before != null && before.stage() != after.stage()) {
                        stageChanges.pipelineTaskMoved(after.stage());
                    }
                })
                .build();
    }

    /** A log's head announces nothing: its chunks are the text, and followers read them from the store. */
    @Bean
    AggregateChanges<JobLogHead, Void> jobLogHeads(AggregateStore<JobLogHead> store) {
        return AggregateChanges.unannounced(JOB_LOGS, JobLogHead::id, store).build();
    }

    @Bean
    KeepJobLog keepJobLog(AggregateChanges<JobLogHead, Void> heads, JobLogChunks chunks) {
        return new KeepJobLog(heads, chunks);
    }
}

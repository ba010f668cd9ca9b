package io.mflow.task.adapter.kafka;

import io.mflow.platform.kafka.InvalidRecordException;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.JobLogChunk;
import io.mflow.task.app.KeepJobLog;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps the output runners publish, so it can be read after the runner's host or work dir is gone. */
@Component
class JobLogListener {

    private final KeepJobLog logs;

    JobLogListener(KeepJobLog logs) {
        this.logs = logs;
    }

    @KafkaListener(id = "job-logs", idIsGroup = false, topics = Topics.JOB_LOGS)
    void on(ConsumerRecord<String, SpecificRecord> record) {
        if (!(record.value() instanceof JobLogChunk chunk)) {
            throw new InvalidRecordException("expected a JobLogChunk, got "
                    + (record.value() == null ? "no value" : record.value().getSchema().getFullName()));
        }
        if (chunk.getJobTaskId().isBlank() || chunk.getAttempt() < 1 || chunk.getFirstLine() < 0) {
            throw new InvalidRecordException("a log chunk needs a job task, an attempt from 1 and a first line from 0");
        }
        logs.append(chunk.getJobTaskId(), chunk.getAttempt(), chunk.getFirstLine(), chunk.getText(), chunk.getLast());
    }
}

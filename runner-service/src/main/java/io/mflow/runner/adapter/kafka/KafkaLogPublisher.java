package io.mflow.runner.adapter.kafka;

import io.mflow.runner.app.LogPublisher;
import io.mflow.runner.domain.Attempt;
import io.mflow.schemas.AttemptIds;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.JobLogChunk;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Publishes output chunks straight to {@code mflow.job-logs}, not through the outbox: output is not state, it stays
 * in the job's work dir, and a chunk that was not acknowledged is published again from the same line.
 */
public class KafkaLogPublisher implements LogPublisher {

    private static final String TYPE = JobLogChunk.getClassSchema().getFullName();

    private final KafkaOperations<Object, Object> kafka;

    public KafkaLogPublisher(KafkaOperations<Object, Object> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void publish(Attempt attempt, long firstLine, String text, boolean last, Instant at) {
        JobLogChunk chunk = JobLogChunk.newBuilder()
                .setJobTaskId(attempt.jobTaskId())
                .setPipelineTaskId(attempt.pipelineTaskId())
                .setAttempt(AttemptIds.numberOf(attempt.attemptId()))
                .setFirstLine(firstLine)
                .setText(text)
                .setLast(last)
                .setAt(at)
                .build();
        ProducerRecord<Object, Object> record = new ProducerRecord<>(Topics.JOB_LOGS, attempt.reportKey(), chunk);
        record.headers().add(Topics.TYPE_HEADER, TYPE.getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing output", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("output of " + attempt + " not acknowledged: " + e, e);
        }
    }
}

package io.mflow.pipeline.adapter.kafka;

import io.mflow.pipeline.app.OutboxEntry;
import io.mflow.pipeline.app.PendingOutbox;
import io.mflow.pipeline.app.PipelineRuns;
import io.mflow.schemas.Topics;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.sealed.ReportProofs;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends the runs' outbox entries in order with the idempotent producer, waits for the acks, then removes them.
 * Woken right after each write with the run that changed, which it reads by id; a slow sweep scans for what a crash
 * or a failed send left behind. A wake never scans: a scan's cost grows with every run ever made.
 */
public class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int RUNS_PER_PASS = 100;

    private final PipelineRuns runs;
    private final KafkaTemplate<Object, Object> kafka;
    private final SealedValues sealedValues;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final AtomicBoolean wokenPending = new AtomicBoolean();
    private final Queue<String> woken = new ConcurrentLinkedQueue<>();
    private final AvroDeserializer deserializer = new AvroDeserializer();
    private final AvroSerializer serializer = new AvroSerializer();

    public OutboxRelay(PipelineRuns runs, KafkaTemplate<Object, Object> kafka, SealedValues sealedValues) {
        this.runs = runs;
        this.kafka = kafka;
        this.sealedValues = sealedValues;
    }

    /** Sends the run's new outbox entries now; wakes that arrive while one is queued fold into it. */
    public void wake(String pipelineTaskId) {
        woken.add(pipelineTaskId);
        if (wokenPending.compareAndSet(false, true)) {
            executor.execute(() -> {
                wokenPending.set(false);
                for (String id = woken.poll(); id != null; id = woken.poll()) {
                    try {
                        Optional<PendingOutbox> outbox = runs.pendingOutboxOf(id);
                        if (outbox.isPresent()) {
                            send(outbox.get());
                        }
                    } catch (Exception e) {
                        log.warn("outbox of run {} not sent now, the sweep will try again: {}", id, e.toString());
                    }
                }
            });
        }
    }

    /** Schedules a scan of every run; sweeps that arrive while one is queued fold into it. */
    private void wakeSweep() {
        if (drainPending.compareAndSet(false, true)) {
            executor.execute(() -> {
                drainPending.set(false);
                drain();
            });
        }
    }

    @Scheduled(fixedDelayString = "${mflow.outbox-sweep-interval:PT2S}")
    public void sweep() {
        wakeSweep();
    }

    private void drain() {
        List<PendingOutbox> pending;
        try {
            pending = runs.withPendingOutbox(RUNS_PER_PASS);
        } catch (Exception e) {
            log.warn("outbox relay could not read the store, the sweep will try again: {}", e.toString());
            return;
        }
        for (PendingOutbox outbox : pending) {
            try {
                send(outbox);
            } catch (Exception e) {
                // one run that cannot be sent must not hold back the others; the sweep tries it again
                log.warn("outbox of run {} not sent, the sweep will try again: {}", outbox.pipelineTaskId(), e.toString());
            }
        }
        if (pending.size() == RUNS_PER_PASS) {
            wakeSweep();
        }
    }

    private void send(PendingOutbox outbox) throws Exception {
        List<CompletableFuture<SendResult<Object, Object>>> acks = new ArrayList<>();
        for (OutboxEntry entry : outbox.entries()) {
            ProducerRecord<Object, Object> record = new ProducerRecord<>(entry.topic(), entry.key(), valueToSend(entry));
            record.headers().add(Topics.TYPE_HEADER, entry.type().getBytes(StandardCharsets.UTF_8));
            acks.add(kafka.send(record));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        runs.removeFromOutbox(outbox.pipelineTaskId(), outbox.entries().stream().map(OutboxEntry::entryId).toList());
    }

    /** A report proves it holds the update token without carrying it; the token is opened only here, to make the proof. */
    private byte[] valueToSend(OutboxEntry entry) {
        if (!entry.type().equals(JobTaskStatusReported.getClassSchema().getFullName())) {
            return entry.value();
        }
        JobTaskStatusReported report = (JobTaskStatusReported) deserializer.deserialize(entry.topic(), entry.value());
        report.setUpdateToken(ReportProofs.prove(sealedValues.open(report.getUpdateToken()), report.getReportId(),
                report.getJobTaskId(), report.getStage().name()));
        return serializer.serialize(entry.topic(), report);
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}

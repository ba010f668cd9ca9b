package io.mflow.task.adapter.kafka;

import io.mflow.schemas.Topics;
import io.mflow.task.app.Outbox;
import io.mflow.task.app.OutboxEntry;
import io.mflow.task.app.PendingOutboxes;
import jakarta.annotation.PreDestroy;
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
import org.springframework.stereotype.Component;

/**
 * Sends outbox entries in order, waits for the acks, then removes them. Woken right after each write with the
 * document that changed, which it reads by id; the sweep scans for what a crash or a failed send left behind. A wake
 * never scans: a scan's cost grows with every task ever run, and it would sit on every hand-off. A crash between the
 * ack and the removal sends an entry twice with the same event id, which consumers drop.
 */
@Component
class OutboxRelay implements Outbox {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final PendingOutboxes pendingOutboxes;
    private final KafkaTemplate<String, Object> kafka;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final Queue<Outbox.Owner> woken = new ConcurrentLinkedQueue<>();

    OutboxRelay(PendingOutboxes pendingOutboxes, KafkaTemplate<String, Object> kafka) {
        this.pendingOutboxes = pendingOutboxes;
        this.kafka = kafka;
    }

    @Override
    public void wake(Outbox.Owner owner) {
        woken.add(owner);
        if (queued.compareAndSet(false, true)) {
            executor.execute(this::drainWoken);
        }
    }

    @Scheduled(fixedDelayString = "${mflow.outbox-sweep-ms:2000}")
    void sweep() {
        if (sweepQueued.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drainWoken() {
        // Cleared first: a wake during this drain queues one more, so no entry waits for the sweep.
        queued.set(false);
        for (Outbox.Owner owner = woken.poll(); owner != null; owner = woken.poll()) {
            try {
                Optional<PendingOutboxes.PendingOutbox> outbox = pendingOutboxes.pendingOf(owner);
                if (outbox.isPresent()) {
                    send(outbox.get());
                }
            } catch (Exception e) {
                log.warn("outbox of {} not sent now; the sweep retries: {}", owner, e.toString());
            }
        }
    }

    private void drain() {
        sweepQueued.set(false);
        try {
            List<PendingOutboxes.PendingOutbox> batch;
            do {
                batch = pendingOutboxes.pending(BATCH);
                for (PendingOutboxes.PendingOutbox outbox : batch) {
                    send(outbox);
                }
            } while (batch.size() >= BATCH);
        } catch (Exception e) {
            log.warn("outbox relay stopped this round; the sweep retries: {}", e.toString());
        }
    }

    private void send(PendingOutboxes.PendingOutbox outbox) throws Exception {
        List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>();
        for (OutboxEntry entry : outbox.entries()) {
            ProducerRecord<String, Object> record = new ProducerRecord<>(entry.topic(), entry.key(), entry.value());
            record.headers().add(Topics.TYPE_HEADER, entry.type().getBytes(StandardCharsets.UTF_8));
            sends.add(kafka.send(record));
        }
        for (CompletableFuture<SendResult<String, Object>> sent : sends) {
            sent.get(30, TimeUnit.SECONDS);
        }
        pendingOutboxes.remove(outbox, outbox.entries().stream().map(OutboxEntry::id).toList());
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}

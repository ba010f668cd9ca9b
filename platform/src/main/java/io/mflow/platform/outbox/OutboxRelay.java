package io.mflow.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Sends what the outboxes hold, in order, with the idempotent producer; removes it once the broker acknowledged it.
 * Woken right after each write with the document that changed, which it reads by id; a slow sweep scans for what a
 * crash or a failed send left behind. A wake never scans: a scan's cost grows with every run ever made, and it
 * would sit on every hand-off. A crash between the acknowledgement and the removal sends a record twice with the
 * same event id inside, which consumers drop. One thread does all of it, so one owner's records never overtake
 * each other.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxStore store;
    private final KafkaOperations<Object, Object> kafka;
    private final OutboxProperties properties;
    private final Clock clock;
    private final List<OutboxListener> listeners;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final Queue<String> woken = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    public OutboxRelay(OutboxStore store, KafkaOperations<Object, Object> kafka, OutboxProperties properties,
                       Clock clock, List<OutboxListener> listeners) {
        this.store = store;
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /** Starts the sweep; the first one runs at once, for what the last run of the service left behind. */
    public void start() {
        thread.scheduleWithFixedDelay(this::sweep, 0, properties.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends the owner's outbox now; wakes that arrive while one is queued fold into it. */
    public void wake(String owner) {
        woken.add(owner);
        if (wakeQueued.compareAndSet(false, true) && !thread.isShutdown()) {
            thread.execute(this::drainWoken);
        }
    }

    /** Scans for leftovers; sweeps asked for while one is queued fold into it. */
    public void sweep() {
        if (sweepQueued.compareAndSet(false, true) && !thread.isShutdown()) {
            thread.execute(this::drainAll);
        }
    }

    /** Records the last sweep found waiting: a number that stays up means the broker or the store is in trouble. */
    public long waiting() {
        return waiting.get();
    }

    /** How long the oldest record the last sweep found had waited. */
    public Duration oldestAge() {
        return Duration.ofMillis(oldestAgeMillis.get());
    }

    public long sent() {
        return sent.get();
    }

    private void drainWoken() {
        // Cleared first: a wake during this drain queues one more, so no record waits for the sweep.
        wakeQueued.set(false);
        for (String owner = woken.poll(); owner != null; owner = woken.poll()) {
            try {
                store.pendingOf(owner).ifPresent(this::send);
            } catch (RuntimeException e) {
                log.warn("outbox of {} not sent now; the sweep tries again: {}", owner, e.toString());
            }
        }
    }

    private void drainAll() {
        sweepQueued.set(false);
        List<PendingOutbox> pending;
        try {
            pending = store.pending(properties.sweepBatch());
        } catch (RuntimeException e) {
            log.warn("outbox sweep could not read the store; it tries again: {}", e.toString());
            return;
        }
        measure(pending);
        for (PendingOutbox outbox : pending) {
            send(outbox);
        }
        if (pending.size() >= properties.sweepBatch()) {
            sweep();
        }
    }

    private void measure(List<PendingOutbox> pending) {
        Instant now = clock.instant();
        long count = 0;
        long oldest = 0;
        for (PendingOutbox outbox : pending) {
            for (OutboxRecord record : outbox.records()) {
                count++;
                if (record.storedAt() != null) {
                    oldest = Math.max(oldest, Duration.between(record.storedAt(), now).toMillis());
                }
            }
        }
        waiting.set(count);
        oldestAgeMillis.set(oldest);
    }

    /**
     * Sends one owner's records and removes those the broker acknowledged, in order: the first failure ends the
     * pass, and it and everything after it stay for the sweep. Records on one partition keep their order through
     * the idempotent producer; a record sent after a failed one may go out twice, which consumers drop.
     */
    private void send(PendingOutbox outbox) {
        List<String> done = new ArrayList<>();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        Exception failure = null;
        try {
            for (OutboxRecord record : outbox.records()) {
                acks.add(kafka.send(producerRecord(record)));
            }
        } catch (RuntimeException refused) {
            // what went out before the refusal is still acknowledged and removed below
            failure = refused;
        }
        boolean acknowledged = true;
        for (int i = 0; i < acks.size() && acknowledged; i++) {
            try {
                acks.get(i).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                OutboxRecord record = outbox.records().get(i);
                done.add(record.id());
                tell(record);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                acknowledged = false;
            } catch (Exception e) {
                failure = e;
                acknowledged = false;
            }
        }
        if (failure != null) {
            log.warn("outbox of {}: a record was not sent; the sweep tries again: {}", outbox.owner(), failure.toString());
        }
        if (!done.isEmpty()) {
            try {
                store.remove(outbox.owner(), done);
                sent.addAndGet(done.size());
            } catch (RuntimeException e) {
                // Sent but still stored: the sweep sends them again, and consumers drop the duplicates.
                log.warn("outbox of {}: sent records not removed: {}", outbox.owner(), e.toString());
            }
        }
    }

    private static ProducerRecord<Object, Object> producerRecord(OutboxRecord record) {
        ProducerRecord<Object, Object> producerRecord = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach((name, value) ->
                producerRecord.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return producerRecord;
    }

    private void tell(OutboxRecord record) {
        Instant now = clock.instant();
        for (OutboxListener listener : listeners) {
            try {
                listener.sent(record, now);
            } catch (RuntimeException e) {
                log.debug("outbox listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

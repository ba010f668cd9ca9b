package io.mflow.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import io.mflow.platform.kafka.KafkaTopics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Sends what the outboxes hold, in order, with the idempotent producer.
 *
 * <p>A service tells the relay of each write with the records it stored and the document's versions before and
 * after. When the relay already sent everything up to the version before, it sends the new records as they are, with
 * no read; otherwise (a restart, a concurrent writer, a failed send) it reads the document's outbox once and sends
 * what is there. Acknowledged records leave their outboxes in batches, on another thread, and are skipped by any read
 * until then. A slow sweep scans for what a crash left behind; a failed send brings the next sweep forward.
 *
 * <p>A crash between the acknowledgement and the removal sends a record twice with the same event id inside, which
 * consumers drop. One thread sends, so one owner's records never overtake each other.
 */
public final class OutboxRelay implements Relay, AutoCloseable {

    /** The version before a write that created its document: nothing of that owner can have been stored before. */
    public static final long CREATED = -1;

    /** spring-kafka's dead-letter headers, so a relay's dead letter reads as a consumer's does. */
    private static final String DLT_ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    private static final String DLT_EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    private static final String DLT_EXCEPTION_CAUSE = "kafka_dlt-exception-cause-fqcn";

    /** The header carrying when a record was stored, so a hop's time can be split into the parts of its way. */
    public static final String STORED_AT_HEADER = "mflow-stored-at";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_WAKES_PER_PASS = 500;

    private final OutboxStore store;
    private final KafkaOperations<Object, Object> kafka;
    private final OutboxProperties properties;
    private final Clock clock;
    private final List<OutboxListener> listeners;
    private final ScheduledExecutorService thread = daemon("outbox-relay");
    private final ScheduledExecutorService cleanup = daemon("outbox-cleanup");
    private final Queue<Wake> woken = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final AtomicBoolean removalQueued = new AtomicBoolean();
    /** Owner to the version whose records were all sent; touched by the relay thread only. */
    private final Map<String, Long> sentUpTo;
    /** Acknowledged but still stored: every read skips them until the cleanup took them out. */
    private final Map<String, Set<String>> sentNotRemoved = new ConcurrentHashMap<>();
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
        this.sentUpTo = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > properties.trackedOwners();
            }
        };
    }

    /** Starts the sweep; the first one runs at once, for what the last run of the service left behind. */
    public void start() {
        thread.scheduleWithFixedDelay(this::sweep, 0, properties.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends the records a write has just stored in the owner's outbox.
     *
     * @param versionBefore the document's version the write replaced, or {@link #CREATED}
     * @param versionAfter  the version the write stored
     */
    @Override
    public void stored(String owner, long versionBefore, long versionAfter, List<OutboxRecord> records) {
        enqueue(new Wake(owner, versionBefore, versionAfter, List.copyOf(records)));
    }

    /** Reads the owner's outbox and sends what it holds: for a write that cannot say what it stored. */
    public void wake(String owner) {
        enqueue(new Wake(owner, 0, PendingOutbox.UNKNOWN_VERSION, null));
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

    private void enqueue(Wake wake) {
        woken.add(wake);
        if (wakeQueued.compareAndSet(false, true) && !thread.isShutdown()) {
            thread.execute(this::drainWoken);
        }
    }

    private void drainWoken() {
        // Cleared first: a wake during this drain queues one more, so no record waits for the sweep.
        wakeQueued.set(false);
        List<PendingOutbox> batch = new ArrayList<>();
        Map<String, Set<String>> inBatch = new LinkedHashMap<>();
        int taken = 0;
        for (Wake wake = woken.poll(); wake != null; wake = taken < MAX_WAKES_PER_PASS ? woken.poll() : null) {
            taken++;
            outgoing(wake, inBatch).ifPresent(batch::add);
        }
        if (!woken.isEmpty() && wakeQueued.compareAndSet(false, true)) {
            thread.execute(this::drainWoken);
        }
        send(batch);
    }

    /** What to send for a wake: its own records when the owner's earlier ones are all out, else what is stored. */
    private java.util.Optional<PendingOutbox> outgoing(Wake wake, Map<String, Set<String>> inBatch) {
        Long upTo = sentUpTo.get(wake.owner());
        if (wake.records() != null) {
            if (upTo != null && upTo >= wake.versionAfter()) {
                return java.util.Optional.empty(); // a read of the outbox already sent them
            }
            if (wake.versionBefore() == CREATED || (upTo != null && upTo == wake.versionBefore())) {
                sentUpTo.put(wake.owner(), wake.versionAfter());
                // a sweep may have read and sent them before the writer told the relay of them
                PendingOutbox unsent = unsent(new PendingOutbox(wake.owner(), wake.versionAfter(), wake.records()),
                        inBatch.getOrDefault(wake.owner(), Set.of()));
                note(inBatch, wake.owner(), unsent.records());
                return unsent.records().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(unsent);
            }
            if (wake.records().isEmpty()) {
                return java.util.Optional.empty(); // nothing new, and the next write with records reads the outbox
            }
        }
        try {
            return store.pendingOf(wake.owner()).map(stored -> {
                PendingOutbox unsent = unsent(stored, inBatch.getOrDefault(stored.owner(), Set.of()));
                track(unsent);
                note(inBatch, unsent.owner(), unsent.records());
                return unsent;
            }).filter(unsent -> !unsent.records().isEmpty());
        } catch (RuntimeException e) {
            log.warn("outbox of {} not sent now; the sweep tries again: {}", wake.owner(), e.toString());
            sentUpTo.remove(wake.owner());
            retrySoon();
            return java.util.Optional.empty();
        }
    }

    private void drainAll() {
        sweepQueued.set(false);
        List<PendingOutbox> pending;
        try {
            pending = store.pending(properties.sweepBatch());
        } catch (RuntimeException e) {
            log.warn("outbox sweep could not read the store; it tries again: {}", e.toString());
            retrySoon();
            return;
        }
        List<PendingOutbox> unsent = pending.stream().map(stored -> unsent(stored, Set.of()))
                .filter(outbox -> !outbox.records().isEmpty()).toList();
        measure(unsent);
        unsent.forEach(this::track);
        send(unsent);
        if (!unsent.isEmpty() && pending.size() >= properties.sweepBatch()) {
            sweep();
        }
    }

    private PendingOutbox unsent(PendingOutbox stored, Set<String> inFlight) {
        Set<String> done = sentNotRemoved.getOrDefault(stored.owner(), Set.of());
        return new PendingOutbox(stored.owner(), stored.version(), stored.records().stream()
                .filter(record -> !done.contains(record.id()) && !inFlight.contains(record.id())).toList());
    }

    private void track(PendingOutbox outbox) {
        if (outbox.version() == PendingOutbox.UNKNOWN_VERSION) {
            sentUpTo.remove(outbox.owner());
        } else {
            sentUpTo.merge(outbox.owner(), outbox.version(), Math::max);
        }
    }

    private static void note(Map<String, Set<String>> inBatch, String owner, List<OutboxRecord> records) {
        records.forEach(record -> inBatch.computeIfAbsent(owner, o -> new HashSet<>()).add(record.id()));
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
     * Sends every record of the batch before waiting for any acknowledgement, then keeps, per owner, the acknowledged
     * prefix: the first failure ends that owner's pass, and it and everything after it stay for the sweep. Records on
     * one partition keep their order through the idempotent producer; a record sent after a failed one may go out
     * twice, which consumers drop.
     */
    private void send(List<PendingOutbox> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<List<CompletableFuture<?>>> acks = new ArrayList<>();
        for (PendingOutbox outbox : batch) {
            List<CompletableFuture<?>> owned = new ArrayList<>();
            for (OutboxRecord record : outbox.records()) {
                try {
                    owned.add(kafka.send(producerRecord(record)));
                } catch (RuntimeException refused) {
                    owned.add(CompletableFuture.failedFuture(refused));
                }
            }
            acks.add(owned);
        }
        Set<String> failedOwners = new HashSet<>();
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        for (int i = 0; i < batch.size(); i++) {
            PendingOutbox outbox = batch.get(i);
            List<String> done = new ArrayList<>();
            for (int r = 0; r < outbox.records().size() && !failedOwners.contains(outbox.owner()); r++) {
                OutboxRecord record = outbox.records().get(r);
                try {
                    acks.get(i).get(r).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    done.add(record.id());
                    tell(record);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed(outbox.owner(), e, failedOwners);
                } catch (Exception e) {
                    if (tooLarge(e) && deadLettered(record, e, deadline)) {
                        done.add(record.id()); // sending it again would fail again, and hold up all after it
                    } else {
                        failed(outbox.owner(), e, failedOwners);
                    }
                }
            }
            if (!done.isEmpty()) {
                sentNotRemoved.computeIfAbsent(outbox.owner(), o -> ConcurrentHashMap.newKeySet()).addAll(done);
                sent.addAndGet(done.size());
            }
        }
        removeSoon();
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Puts a record the broker refuses for its size on its topic's dead-letter topic, without its value (which the
     * broker would refuse there too), with its headers and the reason, as a consumer's dead letter carries it.
     *
     * @return whether the broker took the dead letter
     */
    private boolean deadLettered(OutboxRecord record, Exception failure, long deadline) {
        String reason = "a record of " + record.value().length + " bytes is larger than the broker takes; its value"
                + " was dropped (" + innermost(failure).getMessage() + ")";
        log.error("outbox record {} on {} dead-lettered: {}", record.id(), record.topic(), reason);
        ProducerRecord<Object, Object> letter = new ProducerRecord<>(KafkaTopics.deadLetterTopicOf(record.topic()),
                record.key(), null);
        record.headers().forEach((name, value) -> letter.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        letter.headers().add(DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        letter.headers().add(DLT_EXCEPTION_MESSAGE, reason.getBytes(StandardCharsets.UTF_8));
        letter.headers().add(DLT_EXCEPTION_CAUSE, innermost(failure).getClass().getName()
                .getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(letter).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("dead letter of outbox record {} not sent: {}", record.id(), e.toString());
            return false;
        }
    }

    private static Throwable innermost(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void failed(String owner, Exception failure, Set<String> failedOwners) {
        log.warn("outbox of {}: a record was not sent; the sweep tries again: {}", owner, failure.toString());
        failedOwners.add(owner);
        sentUpTo.remove(owner);
        retrySoon();
    }

    private void retrySoon() {
        if (!thread.isShutdown()) {
            thread.schedule(this::sweep, properties.retryInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void removeSoon() {
        if (removalQueued.compareAndSet(false, true) && !cleanup.isShutdown()) {
            cleanup.schedule(this::removeSent, properties.removeDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Takes what the broker acknowledged out of the outboxes in one batch; until then every read skips it. */
    private void removeSent() {
        removalQueued.set(false);
        Map<String, List<String>> batch = new LinkedHashMap<>();
        sentNotRemoved.forEach((owner, ids) -> {
            if (!ids.isEmpty()) {
                batch.put(owner, List.copyOf(ids));
            }
        });
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.remove(batch);
        } catch (RuntimeException e) {
            // Still skipped by every read, so nothing goes out twice while the store is away; tried again later.
            log.warn("sent outbox records not removed yet: {}", e.toString());
            if (!cleanup.isShutdown()) {
                cleanup.schedule(this::removeSoon, properties.retryInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        // Forgotten on the relay's thread, where every read of the outboxes runs: a read there started either after
        // the removal, and does not see these records, or before it, and then still skips them. Forgotten here, a
        // read that had begun before the removal found them no longer sent, and sent them a second time.
        Runnable forget = () -> batch.forEach((owner, ids) -> sentNotRemoved.computeIfPresent(owner, (o, remaining) -> {
            ids.forEach(remaining::remove);
            return remaining.isEmpty() ? null : remaining;
        }));
        try {
            thread.execute(forget);
        } catch (RejectedExecutionException closed) {
            forget.run(); // the relay is closing: nothing reads any more
        }
    }

    private static ProducerRecord<Object, Object> producerRecord(OutboxRecord record) {
        ProducerRecord<Object, Object> producerRecord = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach((name, value) ->
                producerRecord.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        if (record.storedAt() != null) {
            producerRecord.headers().add(STORED_AT_HEADER, record.storedAt().toString().getBytes(StandardCharsets.UTF_8));
        }
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
        // What the last sends got acknowledged leaves the outboxes now rather than being sent again on the next start.
        cleanup.execute(this::removeSent);
        cleanup.shutdown();
        try {
            cleanup.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A write the relay was told of; {@code records} null when the write could not say what it stored. */
    private record Wake(String owner, long versionBefore, long versionAfter, List<OutboxRecord> records) {
    }
}

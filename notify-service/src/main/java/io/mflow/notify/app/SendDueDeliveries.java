package io.mflow.notify.app;

import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryPolicy;
import io.mflow.platform.aggregate.Stored;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes due deliveries from the queue and hands each to a sender thread, leased so that no other instance sends it
 * at the same time. At most {@code perEndpoint} attempts to one endpoint are in flight at once: a hanging or dead
 * endpoint holds that many senders for at most the policy's timeout, never all of them, so deliveries to others go
 * on. No more are leased than there are senders free, so a lease never lapses while its delivery waits for a
 * thread (another pass would then send it a second time). Polls every {@code pollInterval}, and at once when woken
 * by a new delivery or a sender that came free.
 */
public class SendDueDeliveries implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SendDueDeliveries.class);
    private static final int BATCH = 100;

    private final PendingDeliveries pending;
    private final AttemptDelivery attempt;
    private final ExecutorService senders;
    private final int capacity;
    private final AtomicInteger busy = new AtomicInteger();
    private final DeliveryPolicy policy;
    private final int perEndpoint;
    private final Duration pollInterval;
    private final Clock clock;
    /** Attempts in flight per endpoint; an endpoint with none has no entry, so the map holds only busy endpoints. */
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final Semaphore woken = new Semaphore(0);
    private final Thread loop;
    private volatile boolean running = true;

    /** @param capacity how many attempts {@code senders} runs at once */
    public SendDueDeliveries(PendingDeliveries pending, AttemptDelivery attempt, ExecutorService senders, int capacity,
                             DeliveryPolicy policy, int perEndpoint, Duration pollInterval, Clock clock) {
        this.pending = pending;
        this.attempt = attempt;
        this.senders = senders;
        this.capacity = capacity;
        this.policy = policy;
        this.perEndpoint = perEndpoint;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.loop = new Thread(this::run, "notify-due-deliveries");
        this.loop.setDaemon(true);
    }

    public void start() {
        loop.start();
    }

    /** Something new was queued: look now rather than at the next poll. */
    public void wake() {
        woken.release();
    }

    private void run() {
        while (running) {
            try {
                woken.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                woken.drainPermits();
                if (running) {
                    sendDue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("looking for due deliveries failed; trying again: {}", e.toString());
            }
        }
    }

    /** One pass; also called by tests. */
    void sendDue() {
        int free = capacity - busy.get();
        if (free <= 0) {
            return; // a sender that comes free wakes the next pass
        }
        List<Stored<Delivery>> due = pending.due(clock.instant(), Math.min(BATCH, free * 4));
        for (Stored<Delivery> delivery : due) {
            if (busy.get() >= capacity) {
                return;
            }
            String endpoint = delivery.aggregate().endpointId();
            if (!take(endpoint)) {
                continue; // its endpoint is busy: the next pass takes it
            }
            // The lease covers the attempt and the write of its result; an instance that dies lets it lapse.
            Optional<Stored<Delivery>> leased = pending.update(delivery,
                    delivery.aggregate().leased(clock.instant(), policy.timeout().multipliedBy(2).plusSeconds(5)));
            if (leased.isEmpty()) {
                release(endpoint);
                continue;
            }
            Stored<Delivery> mine = leased.get();
            busy.incrementAndGet();
            try {
                senders.execute(() -> {
                    try {
                        attempt.attempt(mine);
                    } catch (RuntimeException e) {
                        log.warn("delivery {} failed unexpectedly; it is tried again after its lease: {}",
                                mine.aggregate().id(), e.toString());
                    } finally {
                        release(endpoint);
                        busy.decrementAndGet();
                        wake();
                    }
                });
            } catch (RejectedExecutionException e) {
                release(endpoint); // shutting down: the lease lapses and another pass takes it
                busy.decrementAndGet();
            }
        }
    }

    private boolean take(String endpoint) {
        boolean[] taken = {false};
        inFlight.compute(endpoint, (id, sending) -> {
            int now = sending == null ? 0 : sending;
            taken[0] = now < perEndpoint;
            return taken[0] ? now + 1 : sending;
        });
        return taken[0];
    }

    private void release(String endpoint) {
        inFlight.computeIfPresent(endpoint, (id, sending) -> sending <= 1 ? null : sending - 1);
    }

    @Override
    public void close() {
        running = false;
        woken.release();
    }
}

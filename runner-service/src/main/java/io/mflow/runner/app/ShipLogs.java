package io.mflow.runner.app;

import io.mflow.localrunner.domain.Masking;
import io.mflow.runner.domain.Attempt;
import io.mflow.schemas.LogLines;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the output of every running attempt and publishes it as whole lines, every sensitive param's value and
 * the update token masked, within {@code interval} of being written. Lines are numbered from the start of the
 * output, and where a line ends depends on the output alone (a line longer than a chunk is cut into lines of a
 * chunk each), so a runner that restarts and publishes an attempt's output again from its start sends the same lines
 * under the same numbers, and the copies are recognised. A line is held back until it is whole, so a secret is never
 * split across two chunks unmasked. A job that writes nothing (or runs nothing: a dry run, a job that could not
 * start) publishes nothing at all.
 */
public class ShipLogs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShipLogs.class);
    private static final int CHUNK_BYTES = 64 * 1024;

    private final LogPublisher publisher;
    private final AttemptSecrets secrets;
    private final Clock clock;
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "log-shipper");
        t.setDaemon(true);
        return t;
    });

    /** An attempt whose output is followed, and how much of it was published. */
    private static final class Followed {
        final Attempt attempt;
        final Runner runner;
        final Launch launch;
        long publishedBytes;
        long publishedLines;
        volatile boolean ended;
        final CompletableFuture<Void> shipped = new CompletableFuture<>();

        Followed(Attempt attempt, Runner runner, Launch launch) {
            this.attempt = attempt;
            this.runner = runner;
            this.launch = launch;
        }
    }

    public ShipLogs(LogPublisher publisher, AttemptSecrets secrets, Duration interval, Clock clock) {
        this.publisher = publisher;
        this.secrets = secrets;
        this.clock = clock;
        thread.scheduleWithFixedDelay(this::shipAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Its process runs: its output is published as it comes. */
    public void follow(Attempt attempt, Runner runner, Launch launch) {
        followed.putIfAbsent(attempt.attemptId(), new Followed(attempt, runner, launch));
    }

    /**
     * Its process ended: the rest of its output is published, the last chunk saying so. Completes once all of it is
     * out (at once for an attempt not followed), so its raw output may go.
     */
    public CompletableFuture<Void> ended(Attempt attempt) {
        Followed f = followed.get(attempt.attemptId());
        if (f == null) {
            return CompletableFuture.completedFuture(null);
        }
        f.ended = true;
        thread.execute(this::shipAll);
        return f.shipped;
    }

    private void shipAll() {
        for (Followed f : new ArrayList<>(followed.values())) {
            try {
                if (ship(f)) {
                    followed.remove(f.attempt.attemptId());
                    f.shipped.complete(null);
                }
            } catch (RuntimeException e) {
                log.warn("the output of {} could not be published now; trying again: {}", f.attempt, e.toString());
            }
        }
    }

    /** Publishes what is new; true once the whole output of an ended attempt is out. */
    private boolean ship(Followed f) {
        boolean ended = f.ended; // read before the output, so nothing written before the end is missed
        while (true) {
            byte[] bytes = f.runner.outputFrom(f.attempt, f.launch, f.publishedBytes, CHUNK_BYTES);
            boolean full = bytes.length == CHUNK_BYTES;
            int whole = lastNewline(bytes) + 1; // a line that is not whole yet is held back
            String text;
            if (whole == 0 && full) {
                whole = bytes.length; // a line longer than a chunk: this much of it is a line of its own
                text = new String(bytes, StandardCharsets.UTF_8) + "\n";
            } else if (ended && !full) {
                whole = bytes.length; // the end: the last line may have no newline
                text = new String(bytes, StandardCharsets.UTF_8);
            } else {
                text = new String(bytes, 0, whole, StandardCharsets.UTF_8);
            }
            boolean last = ended && !full && whole == bytes.length;
            if (whole == 0 && !last) {
                return false;
            }
            if (last && whole == 0 && f.publishedLines == 0) {
                return true; // a job that wrote nothing publishes nothing: a reader finds no output, and ends
            }
            publisher.publish(f.attempt, f.publishedLines, Masking.masked(text, secrets.of(f.attempt)), last,
                    clock.instant());
            f.publishedBytes += whole;
            f.publishedLines += LogLines.count(text);
            if (last) {
                return true;
            }
            if (!full) {
                return false;
            }
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

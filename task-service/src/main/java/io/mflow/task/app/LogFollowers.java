package io.mflow.task.app;

import io.mflow.platform.web.OpenRequests;
import io.mflow.schemas.LogLines;
import io.mflow.task.domain.JobLog;
import io.mflow.task.domain.JobLogHead;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.Status;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients following a log live, through the API or a dashboard page alike: one bound for both, so a page open in
 * a browser counts as a follower as {@code curl} does. Each follower has a thread of its own, so a client that reads
 * slowly (or not at all) blocks only its own writes, never another follower's; and their number is bounded per user
 * and in total ({@code mflow.logs.followers-per-user}, {@code mflow.logs.followers}), so no one can hold every thread.
 * How the lines are written (events of plain lines, or of HTML) is the adapter's {@link Client}.
 */
public final class LogFollowers {

    /** How often a follower looks for new lines: well within the second a new line may take. */
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long a follower waits, after the attempt ended, for the rest of its output before it ends anyway. */
    private static final Duration END_GRACE = Duration.ofSeconds(5);
    /** The same for an attempt that published no output at all: its runner publishes nothing for a quiet job. */
    private static final Duration QUIET_GRACE = Duration.ofSeconds(1);
    /** The longest a client may follow one log; its adapter ends the stream then. */
    public static final Duration LONGEST_FOLLOW = Duration.ofHours(2);
    /**
     * How often a follower with nothing new writes a comment anyway: a client that left is noticed only when a
     * write fails, and until then it would hold its place.
     */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

    /** Where a follower writes: a write that throws means the client went away, and the follower ends. */
    public interface Client {
        /** Lines from {@code chunk.firstLine()} on (whole lines; the last may lack its newline). */
        void lines(JobLog.Chunk chunk) throws IOException;

        /** The log was cut at what is kept: no more lines come. */
        void cut() throws IOException;

        /** Nothing new for a while: a write that shows whether the client is still there. */
        void stillFollowing() throws IOException;

        /** The attempt ended {@code stage} and its output is all there: the last write. */
        void end(Status stage) throws IOException;

        /** Following failed for a reason of ours, not the client's. */
        void failed(RuntimeException why);
    }

    /** One follow under way; stop it when its client's stream ends (done, timed out, failed). */
    public interface Following {
        void stop();
    }

    private final JobTasks jobTasks;
    private final JobLogs logs;
    private final OpenRequests open;
    private final AtomicInteger numbers = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "log-follower-" + numbers.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public LogFollowers(JobTasks jobTasks, JobLogs logs, int followersPerUser, int followers) {
        this.jobTasks = jobTasks;
        this.logs = logs;
        this.open = new OpenRequests(followersPerUser, followers);
    }

    /**
     * Writes the attempt's lines from {@code fromLine} (0: the first) to {@code client} as they are kept, on a thread
     * of their own, until the attempt ended; none when {@code user} or everyone follow as many as allowed.
     */
    public Optional<Following> follow(String user, String jobTaskId, int attempt, long fromLine, Client client) {
        Optional<OpenRequests.Slot> slot = open.open(user);
        if (slot.isEmpty()) {
            return Optional.empty();
        }
        Follower follower = new Follower(jobTaskId, attempt, fromLine, client);
        threads.execute(() -> {
            try (OpenRequests.Slot held = slot.get()) {
                follower.run();
            }
        });
        return Optional.of(follower::stop);
    }

    /** Why {@code user} was refused, for the problem they are answered with. */
    public String refusal(String user) {
        return open.refusal(user);
    }

    /** The followers served now, for the gauge. */
    public int followingNow() {
        return open.openInTotal();
    }

    /** One client following one attempt's output. */
    private final class Follower {
        private final String jobTaskId;
        private final int attempt;
        private final Client client;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private long next;
        private Instant lastWrite = Instant.now();
        private Instant endedSeenAt;
        private boolean cutSent;

        Follower(String jobTaskId, int attempt, long fromLine, Client client) {
            this.jobTaskId = jobTaskId;
            this.attempt = attempt;
            this.next = Math.max(0, fromLine);
            this.client = client;
        }

        void stop() {
            stopped.set(true);
        }

        void run() {
            try {
                while (!stopped.get() && !poll()) {
                    Thread.sleep(POLL.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Sends what is new; true once the end was sent (or the client left). */
        private boolean poll() {
            try {
                Optional<JobLogHead> head = logs.headOf(jobTaskId, attempt);
                if (head.isPresent()) {
                    logs.read(head.get(), next, this::send);
                    if (head.get().truncated() && !cutSent) {
                        client.cut();
                        cutSent = true;
                    }
                }
                Status stage = stageOf(jobTasks.byId(jobTaskId).orElse(null));
                if (stage == null || !stage.isComplete()) {
                    keepAlive();
                    return false;
                }
                endedSeenAt = endedSeenAt == null ? Instant.now() : endedSeenAt;
                Duration grace = head.isEmpty() ? QUIET_GRACE : END_GRACE;
                if (head.map(JobLogHead::ended).orElse(false) || Instant.now().isAfter(endedSeenAt.plus(grace))) {
                    client.end(stage);
                    return true;
                }
                return false;
            } catch (IOException | IllegalStateException e) {
                return true; // the client went away
            } catch (RuntimeException e) {
                client.failed(e);
                return true;
            }
        }

        private void send(JobLog.Chunk chunk) throws IOException {
            client.lines(chunk);
            lastWrite = Instant.now();
            next = chunk.firstLine() + LogLines.count(chunk.text());
        }

        private void keepAlive() throws IOException {
            if (Instant.now().isAfter(lastWrite.plus(KEEP_ALIVE))) {
                client.stillFollowing();
                lastWrite = Instant.now();
            }
        }

        /** The followed attempt's stage: the task's own for its current attempt, else how that attempt ended. */
        private Status stageOf(JobTask task) {
            if (task == null) {
                return null;
            }
            if (attempt == task.attempt()) {
                return task.stage();
            }
            return task.history().pastAttempts().get(attempt - 1).stage();
        }
    }
}

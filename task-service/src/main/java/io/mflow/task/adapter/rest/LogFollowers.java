package io.mflow.task.adapter.rest;

import io.mflow.platform.web.OpenRequests;
import io.mflow.schemas.LogLines;
import io.mflow.task.app.JobLogs;
import io.mflow.task.app.JobTasks;
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
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The clients following a log live. Each follower has a thread of its own, so a client that reads slowly (or not at
 * all) blocks only its own writes, never another follower's; and their number is bounded per user and in total
 * ({@code mflow.logs.followers-per-user}, {@code mflow.logs.followers}), so no one can hold every thread.
 */
@Component
final class LogFollowers {

    /** How often a follower looks for new lines: well within the second a new line may take. */
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long a follower waits, after the attempt ended, for the rest of its output before it ends anyway. */
    private static final Duration END_GRACE = Duration.ofSeconds(5);
    /** The same for an attempt that published no output at all: its runner publishes nothing for a quiet job. */
    private static final Duration QUIET_GRACE = Duration.ofSeconds(1);
    static final Duration LONGEST_FOLLOW = Duration.ofHours(2);
    /**
     * How often a follower with nothing new writes a comment anyway: a client that left is noticed only when a
     * write fails, and until then it would hold its place.
     */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);

    private final JobTasks jobTasks;
    private final JobLogs logs;
    private final OpenRequests open;
    private final AtomicInteger numbers = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "log-follower-" + numbers.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    LogFollowers(JobTasks jobTasks, JobLogs logs,
                 @Value("${mflow.logs.followers-per-user:8}") int followersPerUser,
                 @Value("${mflow.logs.followers:256}") int followers, ObjectProvider<MeterRegistry> meters) {
        this.jobTasks = jobTasks;
        this.logs = logs;
        this.open = new OpenRequests(followersPerUser, followers);
        meters.ifAvailable(registry -> Gauge.builder("mflow.log.followers", open, OpenRequests::openInTotal)
                .description("Clients following a job's log live").register(registry));
    }

    /** A stream of the attempt's lines for {@code user}, or none when they or everyone follow as many as allowed. */
    Optional<SseEmitter> follow(String user, String jobTaskId, int attempt) {
        Optional<OpenRequests.Slot> slot = open.open(user);
        if (slot.isEmpty()) {
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(LONGEST_FOLLOW.toMillis());
        Follower follower = new Follower(jobTaskId, attempt, emitter);
        // However it ends (the end sent, the client gone, the longest follow over), the slot is given back once.
        emitter.onCompletion(follower::stop);
        emitter.onTimeout(follower::stop);
        emitter.onError(failure -> follower.stop());
        threads.execute(() -> {
            try (OpenRequests.Slot held = slot.get()) {
                follower.run();
            }
        });
        return Optional.of(emitter);
    }

    String refusal(String user) {
        return open.refusal(user);
    }

    /** One client following one attempt's output. */
    private final class Follower {
        private final String jobTaskId;
        private final int attempt;
        private final SseEmitter emitter;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private long next;
        private Instant lastWrite = Instant.now();
        private Instant endedSeenAt;
        private boolean cutSent;

        Follower(String jobTaskId, int attempt, SseEmitter emitter) {
            this.jobTaskId = jobTaskId;
            this.attempt = attempt;
            this.emitter = emitter;
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
                emitter.complete();
            }
        }

        /** Sends what is new; true once the end was sent (or the client left). */
        private boolean poll() {
            try {
                Optional<JobLogHead> head = logs.headOf(jobTaskId, attempt);
                if (head.isPresent()) {
                    logs.read(head.get(), next, this::send);
                    if (head.get().truncated() && !cutSent) {
                        emitter.send(SseEmitter.event().data(JobLog.CUT_NOTICE));
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
                    emitter.send(SseEmitter.event().name("end").data(stage.name()));
                    emitter.complete();
                    return true;
                }
                return false;
            } catch (IOException | IllegalStateException e) {
                return true; // the client went away
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
                return true;
            }
        }

        private void send(JobLog.Chunk chunk) throws IOException {
            for (String line : chunk.text().split("\n", -1)) {
                if (!line.isEmpty()) {
                    emitter.send(SseEmitter.event().data(line));
                }
            }
            lastWrite = Instant.now();
            next = chunk.firstLine() + LogLines.count(chunk.text());
        }

        private void keepAlive() throws IOException {
            if (Instant.now().isAfter(lastWrite.plus(KEEP_ALIVE))) {
                emitter.send(SseEmitter.event().comment("still following"));
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

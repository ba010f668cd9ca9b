package io.mflow.task.adapter.rest;

import io.mflow.schemas.LogLines;
import io.mflow.task.app.JobLogs;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.JobLog;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.Stage;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A job's output: all of it as text, or followed live as server-sent events (the lines so far, then each new line
 * as it is kept, then an {@code end} event with the attempt's final stage). Read from what the runners published,
 * so it stays readable after a runner's host or work dir is gone; sensitive values were masked by the runner.
 */
@RestController
@RequestMapping("/api/v1/job-tasks/{id}/log")
class JobLogController {

    /** How often a follower looks for new lines: well within the second a new line may take. */
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long a follower waits, after the attempt ended, for the rest of its output before it ends anyway. */
    private static final Duration END_GRACE = Duration.ofSeconds(5);
    /** The same for an attempt that published no output at all: its runner publishes nothing for a quiet job. */
    private static final Duration QUIET_GRACE = Duration.ofSeconds(1);
    private static final Duration LONGEST_FOLLOW = Duration.ofHours(2);

    private final JobTasks jobTasks;
    private final JobLogs logs;
    private final ScheduledExecutorService followers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "log-follower");
        t.setDaemon(true);
        return t;
    });

    JobLogController(JobTasks jobTasks, JobLogs logs) {
        this.jobTasks = jobTasks;
        this.logs = logs;
    }

    /**
     * One handler for both: a client that accepts any type, or says nothing, gets the text, and only one that asks
     * for {@code text/event-stream} follows (left to itself, Spring picked the stream for a client that accepts any
     * type, and a plain GET never ended).
     */
    @GetMapping
    SseEmitter log(@PathVariable String id, @RequestParam(required = false) Integer attempt,
                   @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                   HttpServletResponse response) throws IOException {
        JobTask task = taskOf(id);
        int asked = attemptOf(task, attempt);
        if (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE)) {
            return follow(id, asked);
        }
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
        response.getWriter().write(logs.of(id, asked).text());
        return null; // written: nothing to stream
    }

    private SseEmitter follow(String id, int followed) {
        SseEmitter emitter = new SseEmitter(LONGEST_FOLLOW.toMillis());
        AtomicReference<ScheduledFuture<?>> poller = new AtomicReference<>();
        Follower follower = new Follower(id, followed, emitter);
        poller.set(followers.scheduleWithFixedDelay(() -> {
            if (follower.poll()) {
                poller.get().cancel(false);
            }
        }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
        Runnable stop = () -> {
            ScheduledFuture<?> running = poller.get();
            if (running != null) {
                running.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(failure -> stop.run());
        return emitter;
    }

    /** One client following one attempt's output. */
    private final class Follower {
        private final String jobTaskId;
        private final int attempt;
        private final SseEmitter emitter;
        private long next;
        private Instant endedSeenAt;
        private boolean cutSent;

        Follower(String jobTaskId, int attempt, SseEmitter emitter) {
            this.jobTaskId = jobTaskId;
            this.attempt = attempt;
            this.emitter = emitter;
        }

        /** Sends what is new; true once the end was sent (or the client left). */
        boolean poll() {
            try {
                JobLog log = logs.of(jobTaskId, attempt, next);
                for (JobLog.Chunk chunk : log.from(next)) {
                    for (String line : chunk.text().split("\n", -1)) {
                        if (!line.isEmpty()) {
                            emitter.send(SseEmitter.event().data(line));
                        }
                    }
                    next = chunk.firstLine() + LogLines.count(chunk.text());
                }
                if (log.truncated() && !cutSent) {
                    emitter.send(SseEmitter.event().data(JobLog.CUT_NOTICE));
                    cutSent = true;
                }
                Stage stage = stageOf(jobTasks.byId(jobTaskId).orElse(null));
                if (stage == null || !stage.isComplete()) {
                    return false;
                }
                endedSeenAt = endedSeenAt == null ? Instant.now() : endedSeenAt;
                Duration grace = log.isEmpty() ? QUIET_GRACE : END_GRACE;
                if (log.ended() || Instant.now().isAfter(endedSeenAt.plus(grace))) {
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

        /** The followed attempt's stage: the task's own for its current attempt, else how that attempt ended. */
        private Stage stageOf(JobTask task) {
            if (task == null) {
                return null;
            }
            if (attempt == task.attempt()) {
                return task.stage();
            }
            return task.history().pastAttempts().get(attempt - 1).stage();
        }
    }

    private JobTask taskOf(String id) {
        return jobTasks.byId(id).orElseThrow(() -> RequestRefused.notFound("no job task with id " + id));
    }

    private static int attemptOf(JobTask task, Integer asked) {
        if (asked == null) {
            return task.attempt();
        }
        if (asked < 1 || asked > task.attempt()) {
            throw RequestRefused.notFound("job task " + task.id() + " has attempts 1 to " + task.attempt()
                    + ", not " + asked);
        }
        return asked;
    }
}

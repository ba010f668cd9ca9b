package io.mflow.task.adapter.rest;

import io.mflow.task.app.JobLogText;
import io.mflow.task.app.JobLogs;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.LogFollowers;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.JobLog;
import io.mflow.task.domain.JobLogHead;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.Status;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
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
 * so it stays readable after a runner's host or work dir is gone; sensitive values were masked by the runner. Both
 * are written from the store one chunk at a time: a log of 16 MiB is never held whole.
 */
@RestController
@RequestMapping("/api/v1/job-tasks/{id}/log")
class JobLogController {

    /** Told to a follower refused for their number: most follows of a running job end within minutes. */
    private static final String RETRY_FOLLOW_AFTER_SECONDS = "30";

    private final JobTasks jobTasks;
    private final JobLogs logs;
    private final LogFollowers followers;

    JobLogController(JobTasks jobTasks, JobLogs logs, LogFollowers followers) {
        this.jobTasks = jobTasks;
        this.logs = logs;
        this.followers = followers;
    }

    /**
     * One handler for both: a client that accepts any type, or says nothing, gets the text, and only one that asks
     * for {@code text/event-stream} follows (left to itself, Spring picked the stream for a client that accepts any
     * type, and a plain GET never ended). A follower more than the caller's share, or than all followers allowed,
     * is a 429 at once.
     */
    @GetMapping
    ResponseEntity<?> log(@PathVariable String id, @RequestParam(required = false) Integer attempt,
                          @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                          Authentication caller, HttpServletResponse response) throws IOException {
        JobTask task = jobTasks.existing(id);
        int asked = JobTasks.attemptOf(task, attempt);
        if (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE)) {
            SseEmitter emitter = new SseEmitter(LogFollowers.LONGEST_FOLLOW.toMillis());
            Optional<LogFollowers.Following> following = followers.follow(caller.getName(), id, asked, 0,
                    new LinesAsEvents(emitter));
            if (following.isEmpty()) {
                return tooManyFollowers(caller.getName());
            }
            // However it ends (the end sent, the client gone, the longest follow over), the follower stops once.
            emitter.onCompletion(following.get()::stop);
            emitter.onTimeout(following.get()::stop);
            emitter.onError(failure -> following.get().stop());
            return ResponseEntity.ok(emitter);
        }
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
        Optional<JobLogHead> head = logs.headOf(id, asked);
        if (head.isPresent()) {
            JobLogText.write(logs, head.get(), response.getWriter());
        }
        return null; // written: nothing more to send
    }

    /** One event per line, then {@code end} with the attempt's final stage. */
    private record LinesAsEvents(SseEmitter emitter) implements LogFollowers.Client {

        @Override
        public void lines(JobLog.Chunk chunk) throws IOException {
            for (String line : chunk.text().split("\n", -1)) {
                if (!line.isEmpty()) {
                    // "data: " and the line: a reader strips the one space after the colon, never the line's own
                    emitter.send(SseEmitter.event().data(" " + line));
                }
            }
        }

        @Override
        public void cut() throws IOException {
            emitter.send(SseEmitter.event().data(JobLog.CUT_NOTICE));
        }

        @Override
        public void stillFollowing() throws IOException {
            emitter.send(SseEmitter.event().comment("still following"));
        }

        @Override
        public void end(Status stage) throws IOException {
            emitter.send(SseEmitter.event().name("end").data(stage.name()));
            emitter.complete();
        }

        @Override
        public void failed(RuntimeException why) {
            emitter.completeWithError(why);
        }
    }

    private ResponseEntity<ProblemDetail> tooManyFollowers(String user) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "too many live log followers: " + followers.refusal(user) + "; follow again once one has ended");
        problem.setTitle("Too many log followers");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, RETRY_FOLLOW_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}

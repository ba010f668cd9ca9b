package io.mflow.task.adapter.web;

import io.mflow.task.app.JobLogText;
import io.mflow.task.app.JobLogs;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.LogFollowers;
import io.mflow.task.app.NoticeDeliveries;
import io.mflow.task.app.RequestRefused;
import io.mflow.task.domain.JobLog;
import io.mflow.task.domain.JobLogHead;
import io.mflow.task.domain.JobTask;
import io.mflow.task.domain.JobTaskTransitions;
import io.mflow.task.domain.PastAttempt;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.RunParamSet;
import io.mflow.task.domain.Status;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A job task: its attempts, params (sensitive ones masked), outputs, gates, notice deliveries, and an attempt's log,
 * followed live while the attempt runs (its new lines as HTML over server-sent events, as many followers as the
 * API's {@link LogFollowers} allow) and downloadable as text.
 */
@Controller
public class JobTaskPages {

    /** The most lines the page shows: the rest are in the raw download (a log may hold 16 MiB). */
    static final long SHOWN_LINES = 5000;
    private static final String RETRY_FOLLOW_AFTER_SECONDS = "30";

    private final JobTasks jobTasks;
    private final JobLogs logs;
    private final NoticeDeliveries deliveries;
    private final LogFollowers followers;

    JobTaskPages(JobTasks jobTasks, JobLogs logs, NoticeDeliveries deliveries, LogFollowers followers) {
        this.jobTasks = jobTasks;
        this.logs = logs;
        this.deliveries = deliveries;
        this.followers = followers;
    }

    /** One attempt as the page lists it, the current one last. */
    public record AttemptRow(int number, Status stage, String runner, Integer exitCode, Instant startedAt,
                             Instant finishedAt, String message, String retriedBy, String retryReason,
                             boolean current) {
    }

    /**
     * The log of the attempt shown: its lines as HTML from {@code firstLine} (numbered from 1), and whether the page
     * follows it live, from line {@code lines} on.
     */
    public record LogView(int attempt, long firstLine, long lines, List<String> html, boolean truncated,
                          boolean follow) {

        public boolean empty() {
            return html.isEmpty();
        }
    }

    /** What the viewer may do to the task now: the buttons the page shows (the paths check it again). */
    public record Acts(boolean retry, boolean skip, boolean cancel) {

        static Acts of(JobTask task, Viewer me) {
            Status stage = task.stage();
            return new Acts(me.developer() && JobTaskTransitions.allows(stage, Status.PENDING,
                    JobTaskTransitions.Move.RETRY), me.developer() && JobTaskTransitions.allows(stage,
                    Status.SKIPPED, JobTaskTransitions.Move.SKIP), me.developer() && !stage.isComplete());
        }

        public boolean any() {
            return retry || skip || cancel;
        }
    }

    @GetMapping("/job-tasks/{id}")
    String jobTask(@PathVariable String id, @RequestParam(required = false) Integer attempt,
                   Authentication caller, Model model) throws IOException {
        JobTask task = jobTasks.existing(id);
        Viewer me = Viewer.of(caller);
        int shown = JobTasks.attemptOf(task, attempt);
        model.addAttribute("task", task);
        // as its current attempt was sent to its runner (earlier jobs' outputs filled in), else as planned
        List<RunParam> ranWith = task.current().maskedRanWith();
        model.addAttribute("params", ranWith != null ? ranWith : task.plan().maskedParams());
        model.addAttribute("paramsSent", ranWith != null);
        // mflow sets these for each attempt; a person changes the job's own
        model.addAttribute("retryParams", task.plan().maskedParams().stream()
                .filter(p -> !RunParamSet.SYSTEM_NAMES.contains(p.name())).toList());
        model.addAttribute("attempts", attemptsOf(task));
        model.addAttribute("gates", GateView.of(task, me));
        model.addAttribute("deliveries", deliveries.of(id));
        model.addAttribute("log", logOf(task, shown));
        model.addAttribute("acts", Acts.of(task, me));
        model.addAttribute("back", "/job-tasks/" + id);
        return "job-task";
    }

    /** The attempt's output as the runner published it, as a file to keep. */
    @GetMapping("/job-tasks/{id}/log.txt")
    void raw(@PathVariable String id, @RequestParam(required = false) Integer attempt, HttpServletResponse response)
            throws IOException {
        JobTask task = jobTasks.existing(id);
        int asked = JobTasks.attemptOf(task, attempt);
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-attempt-" + asked
                + ".log.txt\"");
        Optional<JobLogHead> head = logs.headOf(id, asked);
        if (head.isPresent()) {
            JobLogText.write(logs, head.get(), response.getWriter());
        }
    }

    /**
     * The attempt's lines from {@code from} (0: the first) as HTML, one {@code line} event per chunk, then
     * {@code end} with the attempt's final stage. Each event's id is the line after it, so a browser that
     * reconnects by itself ({@code Last-Event-ID}) goes on where it was, with no line twice.
     */
    @GetMapping(value = "/job-tasks/{id}/log/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody // a stream, never a view: after its end Spring would look for a template named as its path
    ResponseEntity<?> stream(@PathVariable String id, @RequestParam(required = false) Integer attempt,
                             @RequestParam(defaultValue = "0") long from,
                             @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                             Authentication caller) {
        JobTask task = jobTasks.existing(id);
        int asked = JobTasks.attemptOf(task, attempt);
        long fromLine = resumeAt(lastEventId, from);
        SseEmitter emitter = new SseEmitter(LogFollowers.LONGEST_FOLLOW.toMillis());
        Optional<LogFollowers.Following> following = followers.follow(caller.getName(), id, asked, fromLine,
                new LinesAsHtml(emitter, fromLine));
        if (following.isEmpty()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_FOLLOW_AFTER_SECONDS)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("too many live log followers: " + followers.refusal(caller.getName()));
        }
        emitter.onCompletion(following.get()::stop);
        emitter.onTimeout(following.get()::stop);
        emitter.onError(failure -> following.get().stop());
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
    }

    private static long resumeAt(String lastEventId, long from) {
        if (lastEventId != null) {
            try {
                return Math.max(from, Long.parseLong(lastEventId.trim()));
            } catch (NumberFormatException e) {
                return from;
            }
        }
        return from;
    }

    /** The lines of each chunk as the page's spans, in one event; the end as the attempt's final stage. */
    private static final class LinesAsHtml implements LogFollowers.Client {
        private final SseEmitter emitter;
        private long next;

        LinesAsHtml(SseEmitter emitter, long from) {
            this.emitter = emitter;
            this.next = from;
        }

        @Override
        public void lines(JobLog.Chunk chunk) throws IOException {
            StringBuilder html = new StringBuilder();
            long number = chunk.firstLine();
            for (String line : linesOf(chunk.text())) {
                if (number >= next) {
                    html.append(LogHtml.line(number + 1, line));
                }
                number++;
            }
            next = Math.max(next, number);
            if (!html.isEmpty()) {
                emitter.send(SseEmitter.event().name("line").id(Long.toString(next)).data(html.toString()));
            }
        }

        @Override
        public void cut() throws IOException {
            emitter.send(SseEmitter.event().name("line").data(LogHtml.line(next + 1, JobLog.CUT_NOTICE)));
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

    /** A chunk's lines: each newline ends one, and a last line without one counts too (as {@code LogLines}). */
    static List<String> linesOf(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private LogView logOf(JobTask task, int attempt) throws IOException {
        Optional<JobLogHead> head = logs.headOf(task.id(), attempt);
        Status stage = attempt == task.attempt() ? task.stage()
                : task.history().pastAttempts().get(attempt - 1).stage();
        boolean follow = !stage.isComplete() || head.map(h -> !h.ended() && !h.truncated()).orElse(false);
        if (head.isEmpty()) {
            return new LogView(attempt, 0, 0, List.of(), false, follow);
        }
        long from = Math.max(0, head.get().lines() - SHOWN_LINES);
        List<String> html = new ArrayList<>();
        long[] first = {-1};
        // chunks start where the runner cut them: the page starts at the first one from its bound on
        logs.read(head.get(), from, chunk -> {
            first[0] = first[0] < 0 ? chunk.firstLine() : first[0];
            long number = chunk.firstLine();
            for (String line : linesOf(chunk.text())) {
                html.add(LogHtml.line(++number, line));
            }
        });
        if (head.get().truncated()) {
            html.add(LogHtml.line(head.get().lines() + 1, JobLog.CUT_NOTICE));
        }
        return new LogView(attempt, Math.max(0, first[0]), head.get().lines(), html, head.get().truncated(),
                follow);
    }

    private static List<AttemptRow> attemptsOf(JobTask task) {
        Stream<AttemptRow> past = task.history().pastAttempts().stream().map(JobTaskPages::rowOf);
        AttemptRow current = new AttemptRow(task.attempt(), task.stage(), task.current().runner(),
                task.current().exitCode(), task.current().startedAt(), task.current().finishedAt(),
                task.current().message(), null, null, true);
        return Stream.concat(past, Stream.of(current)).toList();
    }

    private static AttemptRow rowOf(PastAttempt past) {
        return new AttemptRow(past.number(), past.stage(), past.runner(), past.exitCode(), past.startedAt(),
                past.finishedAt(), past.message(), past.retriedBy(), past.retryReason(), false);
    }
}

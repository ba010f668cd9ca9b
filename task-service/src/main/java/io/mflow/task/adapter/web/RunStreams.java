package io.mflow.task.adapter.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mflow.platform.web.OpenRequests;
import io.mflow.task.app.JobTasks;
import io.mflow.task.app.PipelineTasks;
import io.mflow.task.app.RunChanges;
import io.mflow.task.domain.PipelineTask;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The run pages following their run live. A change is rendered once per run, whoever and however many watch it: the
 * board ({@link RunBoard}) is the same for everyone, and each stream is sent the rendered board as an SSE event
 * {@code board}, then {@code end} once the run ended. News of a change comes from {@link RunChanges} (the task
 * events every replica reads); a slow poll re-renders every watched run anyway, in case news was missed, and sends
 * only what differs from what a stream last got.
 *
 * <p>Each stream's writes run on a thread of their own, one at a time and always of the newest board, so a client
 * that reads slowly holds back only itself; the streams are bounded per user and in total
 * ({@code mflow.dashboard.run-streams-per-user}, {@code mflow.dashboard.run-streams}), as log followers are. A
 * person's share is larger than for logs: a wall display or a team lead keeps many runs open at once.
 */
@Component
final class RunStreams implements RunChanges {

    private static final Logger log = LoggerFactory.getLogger(RunStreams.class);

    /** How often every watched run is looked at even without news: a missed event costs at most this long. */
    static final Duration SAFETY_POLL = Duration.ofSeconds(10);
    static final Duration LONGEST_STREAM = Duration.ofHours(2);

    private final PipelineTasks pipelineTasks;
    private final JobTasks jobTasks;
    private final ITemplateEngine templates;
    private final OpenRequests open;
    private final Times times = new Times();
    private final Map<String, List<Stream>> watched = new ConcurrentHashMap<>();
    private final Set<String> toRender = ConcurrentHashMap.newKeySet();
    // one renderer: a run's renderings go out in the order they were made, never an older after a newer
    private final ExecutorService renderer = Executors.newSingleThreadExecutor(daemon("run-board-renderer"));
    private final ExecutorService senders = Executors.newCachedThreadPool(daemon("run-stream-"));
    private final ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor(
            daemon("run-board-poll"));

    RunStreams(PipelineTasks pipelineTasks, JobTasks jobTasks, ITemplateEngine templates,
               @Value("${mflow.dashboard.run-streams-per-user:32}") int streamsPerUser,
               @Value("${mflow.dashboard.run-streams:256}") int streams, ObjectProvider<MeterRegistry> meters) {
        this.pipelineTasks = pipelineTasks;
        this.jobTasks = jobTasks;
        this.templates = templates;
        this.open = new OpenRequests(streamsPerUser, streams);
        meters.ifAvailable(registry -> Gauge.builder("mflow.run.streams", open, OpenRequests::openInTotal)
                .description("Run pages following their run live").register(registry));
        poll.scheduleWithFixedDelay(() -> watched.keySet().forEach(this::changed), SAFETY_POLL.toMillis(),
                SAFETY_POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A live stream of the run's board for {@code user}, or none when they or everyone hold as many as allowed. */
    Optional<SseEmitter> follow(String user, String pipelineTaskId) {
        Optional<OpenRequests.Slot> slot = open.open(user);
        if (slot.isEmpty()) {
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(LONGEST_STREAM.toMillis());
        Stream stream = new Stream(pipelineTaskId, emitter, slot.get());
        // However it ends (the end sent, the client gone, the longest stream over), it leaves once.
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(failure -> stream.close());
        watched.compute(pipelineTaskId, (id, streams) -> {
            List<Stream> joined = streams == null ? new CopyOnWriteArrayList<>() : streams;
            joined.add(stream);
            return joined;
        });
        changed(pipelineTaskId); // the board as it is now: it may have changed since the page was drawn
        return Optional.of(emitter);
    }

    String refusal(String user) {
        return open.refusal(user);
    }

    /** Renders the run again soon, once however many changes come before it is. Runs nobody watches are skipped. */
    @Override
    public void changed(String pipelineTaskId) {
        if (pipelineTaskId != null && watched.containsKey(pipelineTaskId) && toRender.add(pipelineTaskId)) {
            renderer.execute(() -> {
                toRender.remove(pipelineTaskId);
                render(pipelineTaskId);
            });
        }
    }

    /** The board's HTML as the page's {@code board} fragment draws it, outside of any request. */
    String boardHtml(RunBoard board) {
        Context context = new Context(Locale.ENGLISH, Map.of("board", board, "time", times));
        // an SSE event's data is one line here: HTML reads the same with its line breaks as spaces
        return templates.process("run", Set.of("board"), context).replace('\r', ' ').replace('\n', ' ');
    }

    private void render(String pipelineTaskId) {
        List<Stream> streams = watched.get(pipelineTaskId);
        if (streams == null || streams.isEmpty()) {
            return;
        }
        try {
            Optional<PipelineTask> run = pipelineTasks.byId(pipelineTaskId);
            if (run.isEmpty()) {
                streams.forEach(Stream::end);
                return;
            }
            RunBoard board = RunBoard.of(run.get(), jobTasks.ofPipelineTasks(List.of(pipelineTaskId)));
            Rendered rendered = new Rendered(boardHtml(board), board.ended() ? run.get().stage().name() : null);
            streams.forEach(stream -> stream.offer(rendered));
        } catch (RuntimeException e) {
            // the store away for a moment: the next change or the safety poll renders it again
            log.warn("could not render run {} for its live page: {}", pipelineTaskId, e.toString());
        }
    }

    @PreDestroy
    void stop() {
        poll.shutdownNow();
        renderer.shutdownNow();
        senders.shutdownNow();
        watched.values().forEach(streams -> streams.forEach(Stream::end));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger numbers = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name.endsWith("-") ? name + numbers.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    /** @param ended the run's final stage once it ended, else null */
    private record Rendered(String html, String ended) {
    }

    /** One page following one run. */
    private final class Stream {
        private final String pipelineTaskId;
        private final SseEmitter emitter;
        private final OpenRequests.Slot slot;
        private final AtomicReference<Rendered> latest = new AtomicReference<>();
        private final AtomicBoolean sending = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private String sent;

        Stream(String pipelineTaskId, SseEmitter emitter, OpenRequests.Slot slot) {
            this.pipelineTaskId = pipelineTaskId;
            this.emitter = emitter;
            this.slot = slot;
        }

        /** The newest board replaces one not sent yet: a slow reader skips boards, never falls behind. */
        void offer(Rendered rendered) {
            latest.set(rendered);
            if (sending.compareAndSet(false, true)) {
                senders.execute(this::send);
            }
        }

        private void send() {
            try {
                Rendered next;
                while (!closed.get() && (next = latest.getAndSet(null)) != null) {
                    if (next.html().equals(sent)) {
                        // nothing new; a client that left is noticed only when a write fails
                        emitter.send(SseEmitter.event().comment("still following"));
                    } else {
                        emitter.send(SseEmitter.event().name("board").data(next.html()));
                        sent = next.html();
                    }
                    if (next.ended() != null) {
                        emitter.send(SseEmitter.event().name("end").data(next.ended()));
                        end();
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                close(); // the client went away
                return;
            } finally {
                sending.set(false);
            }
            if (latest.get() != null && !closed.get() && sending.compareAndSet(false, true)) {
                senders.execute(this::send);
            }
        }

        void end() {
            close();
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                // completed already
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                slot.close();
                watched.computeIfPresent(pipelineTaskId, (id, streams) -> {
                    streams.remove(this);
                    return streams.isEmpty() ? null : streams;
                });
            }
        }
    }
}

package io.mflow.runner.app;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.aggregate.Changed;
import io.mflow.platform.aggregate.Stored;
import io.mflow.platform.change.Change;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.Report;
import io.mflow.runner.domain.agent.Agent;
import io.mflow.runner.domain.agent.AgentJob;
import io.mflow.runner.domain.agent.TokenBinding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands AGENT attempts to agents and takes their reports. An agent asks for work (a long poll, which is also its
 * heartbeat), gets an attempt whose tags it carries while it runs fewer than its concurrency (both as far as its
 * token's {@link TokenBinding} allows), reports the start, the output and the end; one that sends nothing for {@code heartbeatTimeout} has its attempts ended lost, and what it
 * sends later is refused ({@link RequestRefused}). runner-service learns of starts and ends through each attempt's
 * {@link Waiter}, as from any runner. Everything is in the store, so any instance may take an agent's request: the
 * instance that owns the execution hears of a report another took through {@link #tellWaiters}.
 */
public class AgentDispatch {

    private static final Logger log = LoggerFactory.getLogger(AgentDispatch.class);
    private static final int SCAN = 200;

    private final AggregateChanges<AgentJob, Void> jobs;
    private final AgentJobs listed;
    private final Agents agents;
    private final AggregateChanges<Execution, Report> executions;
    private final Secrets secrets;
    private final AgentLogs logs;
    private final Clock clock;
    private final Duration heartbeatTimeout;
    private final int maxConcurrency;
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    private final Object newWork = new Object();

    /** What runner-service waits for of an attempt: that it runs (on which agent), and its end. */
    public record Waiter(CompletableFuture<String> running, CompletableFuture<Outcome> ended) {
    }

    /**
     * What an agent says of itself with every request, and what its token allows ({@code binding}, never null); a
     * concurrency below one is no agent's and is refused.
     */
    public record Hello(String name, String user, List<String> tags, String version, int concurrency,
                        TokenBinding binding) {
        public Hello {
            if (concurrency < 1) {
                throw new IllegalArgumentException("an agent's concurrency is at least 1, not " + concurrency);
            }
            if (binding == null) {
                throw new IllegalArgumentException("an agent's hello needs its token's binding (NOTHING for none)");
            }
        }
    }

    /** An attempt handed to an agent: what it needs to run it, sensitive values and the token opened. */
    public record Handout(String attemptId, String jobTaskId, String pipelineTaskId, String runnerSpec,
                          List<Param> params, String updateToken, Long timeoutMillis) {
    }

    /** An agent as users see it: what it said last, whether it is heard from, and what it runs. */
    public record AgentView(Agent agent, boolean alive, List<AgentJob> running) {
    }

    /**
     * @param listed the same attempts as {@code jobs}, listed by state
     * @param maxConcurrency the most attempts an agent holds at once, whatever concurrency its token claims
     */
    public AgentDispatch(AggregateChanges<AgentJob, Void> jobs, AgentJobs listed, Agents agents,
                         AggregateChanges<Execution, Report> executions, Secrets secrets, AgentLogs logs, Clock clock,
                         Duration heartbeatTimeout, int maxConcurrency) {
        this.jobs = jobs;
        this.listed = listed;
        this.agents = agents;
        this.executions = executions;
        this.secrets = secrets;
        this.logs = logs;
        this.clock = clock;
        this.heartbeatTimeout = heartbeatTimeout;
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("an agent must be allowed at least one attempt at once");
        }
        this.maxConcurrency = maxConcurrency;
    }

    /** Queues the attempt for an agent; a second time changes nothing. */
    public void enqueue(Attempt attempt) {
        AgentJob waiting = AgentJob.waiting(attempt.attemptId(), attempt.jobTaskId(), attempt.agentTags(),
                clock.instant());
        if (jobs.create(waiting, List.of())) {
            synchronized (newWork) {
                newWork.notifyAll();
            }
        }
    }

    public Optional<AgentJob> find(String attemptId) {
        return jobs.read(attemptId).map(Stored::aggregate);
    }

    /** The waiter of an attempt, told at once of what already happened. */
    public Waiter waiter(String attemptId) {
        Waiter waiter = waiters.computeIfAbsent(attemptId,
                id -> new Waiter(new CompletableFuture<>(), new CompletableFuture<>()));
        find(attemptId).ifPresent(this::tell);
        return waiter;
    }

    /** The attempt must stop: its agent is told with its next request. Nothing to do when it was never queued. */
    public void cancel(String attemptId) {
        jobs.change(attemptId, job -> job.canceled(clock.instant())).ifPresent(changed -> tell(changed.aggregate()));
    }

    /**
     * An agent asks for work, waiting up to {@code wait} for some: an attempt it may run, taken for it, or none.
     * The request is its heartbeat (recorded once: the agent's own heartbeats keep it alive while it waits). One
     * that holds as many as it may waits too, rather than being answered at once: an agent that claims more than
     * {@code maxConcurrency} asks again as soon as it is answered, and would otherwise ask without pause.
     */
    public Optional<Handout> next(Hello hello, Duration wait) throws InterruptedException {
        Instant deadline = clock.instant().plus(wait);
        Agent agent = heard(hello);
        while (true) {
            long held = listed.held().stream().filter(j -> agent.name().equals(j.agent())).count();
            Optional<Handout> taken = held < agent.concurrency() ? take(agent) : Optional.empty();
            Duration left = Duration.between(clock.instant(), deadline);
            if (taken.isPresent() || left.isNegative() || left.isZero()) {
                return taken;
            }
            synchronized (newWork) {
                newWork.wait(Math.min(left.toMillis(), 1000));
            }
        }
    }

    /** The agent is alive; the attempts it holds that it must stop (canceled, or ended lost) are returned. */
    public List<String> heartbeat(Hello hello, List<String> running) {
        heard(hello);
        return running.stream()
                .filter(id -> find(id).map(j -> !j.state().isHeld() || !hello.name().equals(j.agent()))
                        .orElse(true))
                .toList();
    }

    public void started(String agentName, String user, String attemptId) {
        requireOwner(agentName, user);
        change(attemptId, job -> job.startedBy(agentName, clock.instant()));
    }

    public void output(String agentName, String user, String attemptId, long offset, byte[] bytes) {
        if (offset < 0) {
            // Checked before anything is read or written: a file seeks to no negative position.
            throw new IllegalArgumentException("an output offset is at least 0, not " + offset);
        }
        requireOwner(agentName, user);
        AgentJob job = find(attemptId).orElseThrow(() -> new RequestRefused("no attempt " + attemptId));
        if (!agentName.equals(job.agent())) {
            throw new RequestRefused("attempt " + attemptId + " is not held by agent " + agentName);
        }
        if (job.state().isSettled()) {
            // its output was published and the raw copy deleted: a late part would be kept raw, and never shipped
            throw new RequestRefused("attempt " + attemptId + " has ended: its output is complete");
        }
        logs.write(attemptId, offset, bytes);
    }

    /**
     * The agent's report of the end: its exit code and outputs; or {@code error}, why it failed however it exited
     * (it could not start, or its outputs passed a limit); or neither: its process vanished.
     */
    public void finished(String agentName, String user, String attemptId, Integer exitCode,
                         Map<String, String> outputs, String error) {
        requireOwner(agentName, user);
        Outcome outcome = error != null ? new Outcome(ReportStage.FAILED, error, Map.of(), false, exitCode)
                : exitCode != null
                ? Outcome.ofExit(exitCode, exitCode == 0 ? "" : logs.tail(attemptId, Outcome.MAX_TAIL_CHARS), outputs)
                : Outcome.lost();
        change(attemptId, job -> job.endedBy(agentName, outcome, clock.instant()));
    }

    /**
     * Tells the waiters here what became of their attempts in the store: an agent's report may reach any
     * runner-service instance, while the execution's owner waits for it. Run every heartbeat.
     */
    public void tellWaiters() {
        for (String attemptId : List.copyOf(waiters.keySet())) {
            find(attemptId).ifPresent(this::tell);
        }
    }

    /** Ends lost every attempt of an agent silent for longer than the heartbeat timeout; run on a schedule. */
    public void loseSilentAgents() {
        Instant now = clock.instant();
        for (AgentJob job : listed.held()) {
            Optional<Agent> agent = agents.find(job.agent());
            if (agent.isEmpty() || agent.get().isSilentAt(now, heartbeatTimeout)) {
                log.warn("agent {} sent nothing for {}: attempt {} is lost", job.agent(), heartbeatTimeout,
                        job.attemptId());
                // One that ended meanwhile stays as it ended.
                jobs.change(job.attemptId(), j -> j.lost(now, "agent " + job.agent() + " sent nothing for "
                                + heartbeatTimeout.toSeconds() + " s; execution lost"))
                        .ifPresent(changed -> tell(changed.aggregate()));
            }
        }
    }

    public List<AgentView> agents() {
        Instant now = clock.instant();
        List<AgentJob> held = listed.held();
        return agents.all().stream()
                .map(a -> new AgentView(a, !a.isSilentAt(now, heartbeatTimeout),
                        held.stream().filter(j -> a.name().equals(j.agent())).toList()))
                .toList();
    }

    /** An agent's name is its own: another user's token cannot speak for it. */
    private void requireOwner(String agentName, String user) {
        agents.find(agentName).filter(known -> known.user() != null && !known.user().equals(user)).ifPresent(known -> {
            throw new RequestRefused("agent " + agentName + " is " + known.user() + "'s; give this agent another name");
        });
    }

    private Agent heard(Hello hello) {
        requireOwner(hello.name(), hello.user());
        // What it claims, narrowed to what its token allows: it may claim less, never more.
        Agent agent = hello.binding().narrow(new Agent(hello.name(), hello.tags(), hello.version(),
                hello.concurrency(), clock.instant(), hello.user(), false), maxConcurrency);
        agents.save(agent);
        return agent;
    }

    private Optional<Handout> take(Agent agent) {
        for (AgentJob waiting : listed.waiting(SCAN)) {
            if (!agent.carries(waiting.tags())) {
                continue;
            }
            Optional<Execution> execution = executions.read(waiting.attemptId()).map(Stored::aggregate);
            // Another agent may take it first: it is then refused on what is stored, and the next one is tried.
            if (execution.isPresent() && jobs.change(waiting.attemptId(), job -> job.takenBy(agent, clock.instant()))
                    .map(Changed::moved).orElse(false)) {
                log.info("agent {} takes attempt {}", agent.name(), waiting.attemptId());
                return Optional.of(handout(execution.get().attempt()));
            }
        }
        return Optional.empty();
    }

    private Handout handout(Attempt attempt) {
        List<Param> opened = secrets.paramsOf(attempt);
        return new Handout(attempt.attemptId(), attempt.jobTaskId(), attempt.pipelineTaskId(), attempt.runnerSpec(),
                opened, secrets.updateTokenOf(attempt),
                attempt.timeout() == null ? null : attempt.timeout().toMillis());
    }

    /** An agent's report of its attempt: taken and told to the waiter, or refused with the reason the agent hears. */
    private void change(String attemptId, Function<AgentJob, Change<AgentJob, Void>> report) {
        Changed<AgentJob, Void> changed = jobs.change(attemptId, report)
                .orElseThrow(() -> new RequestRefused("no attempt " + attemptId));
        changed.refusal().ifPresent(refused -> {
            throw new RequestRefused(refused.reason());
        });
        tell(changed.aggregate());
    }

    /**
     * Tells the attempt's waiter what its state means for runner-service. A settled one ends the wait whatever
     * settled it, a cancel too: runner-service stops following its output only once its end is told.
     */
    private void tell(AgentJob job) {
        Waiter waiter = waiters.get(job.attemptId());
        if (waiter == null) {
            return;
        }
        if (job.state() == AgentJob.State.RUNNING) {
            waiter.running().complete("running on agent " + job.agent());
        } else if (job.state().isSettled()) {
            waiters.remove(job.attemptId());
            waiter.ended().complete(job.outcome());
        }
    }
}

package io.mflow.runner.adapter.rest;

import io.mflow.localrunner.agentapi.Finished;
import io.mflow.localrunner.agentapi.HeartbeatReply;
import io.mflow.localrunner.agentapi.Hello;
import io.mflow.localrunner.agentapi.Started;
import io.mflow.localrunner.agentapi.Work;
import io.mflow.localrunner.domain.StatusReporting;
import io.mflow.platform.security.AgentBinding;
import io.mflow.platform.security.Caller;
import io.mflow.runner.app.AgentDispatch;
import io.mflow.platform.web.OpenRequests;
import io.mflow.runner.app.RequestRefused;
import io.mflow.runner.config.RunnerProperties;
import io.mflow.runner.domain.agent.TokenBinding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agents' side of runner-service: an agent asks for work (a long poll), says it is alive, and reports the start,
 * the output and the end of what it took; users list the agents. Agents come with an agent token (role AGENT). The
 * agents' bodies are the records both ends share ({@code io.mflow.localrunner.agentapi}); the listing is for users.
 */
@RestController
@RequestMapping("/api/v1/agents")
class AgentController {

    private final AgentDispatch dispatch;
    private final OpenRequests polls;
    private final Duration pollWait;
    private final StatusReporting reporting;

    AgentController(AgentDispatch dispatch, OpenRequests polls, RunnerProperties properties) {
        this.dispatch = dispatch;
        this.polls = polls;
        this.pollWait = properties.runner().agents().pollWait();
        this.reporting = properties.runner().statusReporting();
    }

    /** {@code tags}, {@code concurrency}, {@code untagged}: what it claimed, as far as its token allows. */
    record AgentBody(String name, List<String> tags, String version, int concurrency, boolean untagged,
                     Instant lastHeartbeat, boolean alive, List<RunningBody> running) {
    }

    record RunningBody(String attemptId, String jobTaskId, String state) {
    }

    /**
     * A long poll, within the caller's share of them: one more than allowed is answered 429 at once instead of
     * holding a server thread. The slot is given back however the poll ends (work, the wait over, a refusal, an
     * error); a client that hangs up is noticed only when the answer is written, so its slot is held until then, at
     * most the poll wait.
     */
    @PostMapping("/{name}/work")
    ResponseEntity<?> work(@PathVariable String name, @RequestBody Hello hello, Authentication caller)
            throws InterruptedException {
        AgentDispatch.Hello agent = helloOf(name, hello, caller);
        Optional<OpenRequests.Slot> slot = polls.open(caller.getName());
        if (slot.isEmpty()) {
            return tooManyPolls(caller.getName());
        }
        try (OpenRequests.Slot held = slot.get()) {
            return dispatch.next(agent, pollWait).map(this::workOf)
                    .<ResponseEntity<?>>map(ResponseEntity::ok)
                    .orElse(ResponseEntity.noContent().build());
        }
    }

    @PostMapping("/{name}/heartbeat")
    HeartbeatReply heartbeat(@PathVariable String name, @RequestBody Hello hello, Authentication caller) {
        return new HeartbeatReply(dispatch.heartbeat(helloOf(name, hello, caller),
                hello.running() == null ? List.of() : hello.running()));
    }

    @PostMapping("/{name}/started")
    ResponseEntity<Void> started(@PathVariable String name, @RequestBody Started body, Authentication caller) {
        dispatch.started(name, caller.getName(), body.attemptId());
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{name}/output", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<Void> output(@PathVariable String name, @RequestParam String attempt, @RequestParam long offset,
                                @RequestBody byte[] bytes, Authentication caller) {
        dispatch.output(name, caller.getName(), attempt, offset, bytes);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{name}/finished")
    ResponseEntity<Void> finished(@PathVariable String name, @RequestBody Finished body, Authentication caller) {
        dispatch.finished(name, caller.getName(), body.attemptId(), body.exitCode(),
                body.outputs() == null ? Map.of() : body.outputs(), body.error());
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    List<AgentBody> agents() {
        return dispatch.agents().stream().map(view -> new AgentBody(view.agent().name(), view.agent().tags(),
                view.agent().version(), view.agent().concurrency(), view.agent().untagged(),
                view.agent().lastHeartbeat(), view.alive(),
                view.running().stream().map(j -> new RunningBody(j.attemptId(), j.jobTaskId(), j.state().name()))
                        .toList())).toList();
    }

    /** What the agent says, with what its token allows, which task-service told with the token's check. */
    private static AgentDispatch.Hello helloOf(String name, Hello hello, Authentication caller) {
        AgentBinding bound = Caller.of(caller).agent();
        TokenBinding binding = bound == null ? TokenBinding.NOTHING
                : new TokenBinding(bound.tags(), bound.maxConcurrency(), bound.untagged());
        return new AgentDispatch.Hello(name, caller.getName(), hello.tags() == null ? List.of() : hello.tags(),
                hello.version(), hello.concurrency() == null ? 1 : hello.concurrency(), binding);
    }

    private Work workOf(AgentDispatch.Handout handout) {
        return new Work(handout.attemptId(), handout.jobTaskId(), handout.pipelineTaskId(), handout.runnerSpec(),
                handout.params().stream().map(p -> new Work.Param(p.name(), p.value(), p.sensitive())).toList(),
                handout.updateToken(), handout.timeoutMillis(), reporting.statusBaseUrl(),
                reporting.kafkaBootstrapServers(), reporting.kafkaLogin());
    }

    private ResponseEntity<ProblemDetail> tooManyPolls(String user) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, user
                + " already holds " + polls.openBy(user) + " requests for work open; ask again once one has ended");
        problem.setTitle("Too many long polls");
        // Each poll the user holds ends within the poll wait.
        long seconds = Math.max(1, (pollWait.toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER,
                Long.toString(seconds)).body(problem);
    }

    /** A report the attempt's state refuses (an agent that came back after its attempt was lost): 409. */
    @ExceptionHandler(RequestRefused.class)
    ProblemDetail refused(RequestRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Refused by the attempt's state");
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}

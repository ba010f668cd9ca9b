package io.mflow.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mflow.agent.FakeRunnerService.Request;
import io.mflow.localrunner.agentapi.Finished;
import io.mflow.localrunner.agentapi.Hello;
import io.mflow.localrunner.agentapi.Started;
import io.mflow.localrunner.agentapi.Work;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent at work against runner-service's agent API over real HTTP, running real processes: what it does when the
 * engine is away, says stop, refuses a report, or does not take a part of the output.
 */
class RemoteAgentTest {

    /** How long the agent waits after a request that failed, before it asks again. */
    private static final Duration BACK_OFF = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path workDir;
    private FakeRunnerService engine;
    private RemoteAgent agent;

    @AfterEach
    void stopBoth() {
        if (agent != null) {
            agent.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void reconnectsWithinItsBackOffOnceTheEngineIsUpAgain() throws Exception {
        int port = portNobodyListensOn();
        agent = startAgent(URI.create("http://127.0.0.1:" + port), Duration.ofMinutes(1));
        Thread.sleep(BACK_OFF.toMillis() + 500); // down: every request is refused

        engine = FakeRunnerService.startOn(port);
        Instant up = Instant.now();
        engine.handOut(work("jt-1#1", "echo built"));

        await().atMost(PATIENCE).until(() -> !engine.requestsOf("finished").isEmpty());
        assertThat(Duration.between(up, engine.requestsOf("work").get(0).at()))
                .isLessThanOrEqualTo(BACK_OFF.plusMillis(500));
        assertThat(finished(engine.requestsOf("finished").get(0)))
                .isEqualTo(new Finished("jt-1#1", 0, Map.of(), null));
        assertThat(engine.outputOf("jt-1#1")).isEqualTo("built\n");
    }

    @Test
    void waitsItsBackOffBetweenRequestsForWorkWhileTheEngineAnswers5xx() throws Exception {
        engine = FakeRunnerService.start();
        engine.answerNext("work", 503, 502);
        engine.handOut(work("jt-1#1", "true"));
        agent = startAgent(engine.uri(), Duration.ofMinutes(1));

        await().atMost(PATIENCE).until(() -> !engine.requestsOf("finished").isEmpty());
        List<Request> asks = engine.requestsOf("work");
        assertThat(Duration.between(asks.get(0).at(), asks.get(1).at())).isGreaterThanOrEqualTo(nearly(BACK_OFF));
        assertThat(Duration.between(asks.get(1).at(), asks.get(2).at())).isGreaterThanOrEqualTo(nearly(BACK_OFF));
        assertThat(finished(engine.requestsOf("finished").get(0)).exitCode()).isZero();
    }

    @Test
    void stopsTheJobsProcessesWhenTheHeartbeatSaysSoAndReportsTheirEnd() throws Exception {
        engine = FakeRunnerService.start();
        Path pids = workDir.resolve("pids");
        engine.handOut(work("jt-1#1", "sleep 60 & echo $$ $! > '" + pids + "'; wait"));
        agent = startAgent(engine.uri(), Duration.ofMillis(200));
        await().atMost(PATIENCE).until(() -> !engine.requestsOf("started").isEmpty() && Files.exists(pids)
                && Files.readString(pids).strip().contains(" "));
        List<Long> jobProcesses = Arrays.stream(Files.readString(pids).strip().split(" "))
                .map(Long::parseLong).toList();
        assertThat(jobProcesses).allMatch(RemoteAgentTest::isAlive);

        engine.stop("jt-1#1");

        await().atMost(PATIENCE).until(() -> !engine.requestsOf("finished").isEmpty());
        // The wrapper that would write the exit code is in the stopped group too: the end has none, as one that
        // vanished (runner-service, which said stop, has settled the attempt already).
        assertThat(finished(engine.requestsOf("finished").get(0))).isEqualTo(new Finished("jt-1#1", null, Map.of(),
                null));
        // TERM to the whole process group, KILL after the agent's grace of 3 s to what is left.
        await().atMost(Duration.ofSeconds(5)).until(() -> jobProcesses.stream().noneMatch(RemoteAgentTest::isAlive));
        int heartbeatsSoFar = engine.requestsOf("heartbeat").size();
        await().atMost(PATIENCE).until(() -> engine.requestsOf("heartbeat").size() > heartbeatsSoFar);
        assertThat(hello(last(engine.requestsOf("heartbeat"))).running()).isEmpty();
    }

    @Test
    void givesUpReportsTheEngineRefusesAndGoesOnWithOtherWork() throws Exception {
        engine = FakeRunnerService.start();
        engine.answerNext("started", 409);
        engine.answerNext("finished", 409);
        engine.handOut(work("jt-1#1", "echo refused"));
        agent = startAgent(engine.uri(), Duration.ofMillis(200));
        await().atMost(PATIENCE).until(() -> !engine.requestsOf("finished").isEmpty());

        engine.handOut(work("jt-2#1", "echo taken"));

        await().atMost(PATIENCE).until(() -> engine.requestsOf("finished").size() == 2);
        await().during(BACK_OFF.plusMillis(500)).atMost(PATIENCE).until(() ->
                engine.requestsOf("started").size() == 2 && engine.requestsOf("finished").size() == 2);
        assertThat(engine.requestsOf("started")).extracting(r -> started(r).attemptId())
                .containsExactly("jt-1#1", "jt-2#1");
        assertThat(engine.requestsOf("finished")).extracting(r -> finished(r).attemptId())
                .containsExactly("jt-1#1", "jt-2#1");
        assertThat(hello(last(engine.requestsOf("heartbeat"))).running()).isEmpty();
    }

    @Test
    void sendsAReportAgainAfterItsBackOffUntilTheEngineTakesIt() throws Exception {
        engine = FakeRunnerService.start();
        engine.answerNext("finished", 503);
        engine.handOut(work("jt-1#1", "exit 3"));
        agent = startAgent(engine.uri(), Duration.ofMillis(200));

        await().atMost(PATIENCE).until(() -> engine.requestsOf("finished").size() == 2);
        List<Request> ends = engine.requestsOf("finished");
        assertThat(Duration.between(ends.get(0).at(), ends.get(1).at())).isGreaterThanOrEqualTo(nearly(BACK_OFF));
        assertThat(finished(ends.get(1))).isEqualTo(finished(ends.get(0)))
                .isEqualTo(new Finished("jt-1#1", 3, Map.of(), null));
    }

    @Test
    void resendsOutputFromTheOffsetTheEngineTookAfterAFailedUpload() throws Exception {
        engine = FakeRunnerService.start();
        engine.answerNext("output", 204, 500);
        engine.handOut(work("jt-1#1", "echo first; sleep 1; echo second; sleep 1; echo third"));
        agent = startAgent(engine.uri(), Duration.ofMillis(200));

        await().atMost(PATIENCE).until(() -> !engine.requestsOf("finished").isEmpty());
        assertThat(engine.outputOf("jt-1#1")).isEqualTo("first\nsecond\nthird\n");
        List<Request> parts = engine.requestsOf("output");
        assertThat(offsetOf(parts.get(0))).isZero();
        long taken = parts.get(0).body().length;
        assertThat(offsetOf(parts.get(1))).isEqualTo(taken); // answered 500
        assertThat(offsetOf(parts.get(2))).isEqualTo(taken);
        assertThat(parts.get(2).text()).startsWith(parts.get(1).text());
    }

    private RemoteAgent startAgent(URI server, Duration heartbeat) {
        RemoteAgent started = new RemoteAgent(AgentOptions.parse(new String[] {"--server", server.toString(),
                "--token", "agent-token", "--name", "build-01", "--work-dir", workDir.resolve("jobs").toString(),
                "--heartbeat", heartbeat.toMillis() + "ms"}, Map.of()));
        started.start();
        return started;
    }

    private static Work work(String attemptId, String script) {
        return new Work(attemptId, attemptId.substring(0, attemptId.indexOf('#')), "pt-1", script, List.of(),
                "token-1", null, null, null);
    }

    private static Finished finished(Request request) {
        return EngineClient.JSON.readValue(request.body(), Finished.class);
    }

    private static Started started(Request request) {
        return EngineClient.JSON.readValue(request.body(), Started.class);
    }

    private static Hello hello(Request request) {
        return EngineClient.JSON.readValue(request.body(), Hello.class);
    }

    private static long offsetOf(Request output) {
        return Long.parseLong(output.query().substring(output.query().indexOf("offset=") + "offset=".length()));
    }

    private static Request last(List<Request> requests) {
        return requests.get(requests.size() - 1);
    }

    /** The clocks of the agent's sleep and of the server's requests differ by a few milliseconds. */
    private static Duration nearly(Duration duration) {
        return duration.minusMillis(100);
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

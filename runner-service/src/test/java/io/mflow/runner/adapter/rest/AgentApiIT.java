package io.mflow.runner.adapter.rest;

import static io.mflow.runner.JobCommandTopics.cancelJob;
import static io.mflow.runner.JobCommandTopics.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.localrunner.agentapi.Finished;
import io.mflow.localrunner.agentapi.HeartbeatReply;
import io.mflow.localrunner.agentapi.Hello;
import io.mflow.localrunner.agentapi.Started;
import io.mflow.localrunner.agentapi.Work;
import io.mflow.runner.JobCommandTopics;
import io.mflow.platform.web.OpenRequests;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.event.JobTaskStatusReported;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.mflow.runner.app.AgentLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * runner-service's agent API as an agent meets it over HTTP, with the messages both ends share: an AGENT attempt is
 * handed out, its start, output and end come back as its reports, a cancel reaches the agent with its heartbeat, and
 * what the attempt's state refuses is answered 409. API tokens are checked with a stand-in for task-service. A hostile
 * agent token tries to hold more long polls than its share, to send output from a negative offset and to claim more
 * concurrency than allowed: each is refused or held to the limit, and changes nothing else. Agent tokens are bound to
 * tags and a concurrency by an admin (the stand-in answers each token's binding): an agent that claims more tags, more
 * concurrency or untagged work than its token allows gets none of it, while an agent allowed it does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "mflow.kafka.topic-partitions=1",
        "mflow.runner.agents.poll-wait=2s",
        "mflow.runner.agents.max-polls-per-token=2",
        "mflow.runner.agents.max-concurrency=2",
        "mflow.runner.status-base-url=http://mflow.example:8080/",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.kafka=WARN",
        "logging.level.state.change.logger=WARN",
        "logging.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=ERROR"})
@EmbeddedKafka(partitions = 1, topics = {Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS, "mflow.job-commands.DLT",
        Topics.JOB_LOGS, Topics.TASK_EVENTS})
class AgentApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String AGENT_TOKEN = "agent-token";
    private static final String MALLORYS_TOKEN = "mallorys-agent-token";
    private static final String BUSY_TOKEN = "busy-agent-token";
    private static final String VIEWER_TOKEN = "viewer-token";
    private static final String LINUX_TOKEN = "linux-agent-token";
    private static final String UNTAGGED_TOKEN = "untagged-agent-token";
    private static final String SINGLE_TOKEN = "single-agent-token";
    /**
     * What each agent user's token is bound to, as task-service answers with the token's check; mallory's and busy's
     * tokens are bound to nothing.
     */
    private static final Map<String, String> BINDINGS = Map.of(
            "agents", "{\"tags\": [\"linux\", \"docker\", \"gpu\", \"arm\", \"wide\"], \"maxConcurrency\": 16, "
                    + "\"untagged\": false}",
            "linux-agents", "{\"tags\": [\"linux\"], \"maxConcurrency\": 4, \"untagged\": false}",
            "untagged-agents", "{\"tags\": [], \"maxConcurrency\": 4, \"untagged\": true}",
            "single-agents", "{\"tags\": [\"single\"], \"maxConcurrency\": 1, \"untagged\": false}");
    private static final Duration POLL_WAIT = Duration.ofSeconds(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static MongoServer mongo;
    private static HttpServer tokenService;
    private static Path workDir;
    private static JobCommandTopics topics;
    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    OpenRequests longPolls;

    @Autowired
    AgentLogs agentOutput;

    @Autowired
    MongoTemplate store;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        String uri = mongo.bindAndGetConnectionString();
        workDir = Files.createTempDirectory("runner-agents");
        tokenService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokenService.createContext("/api/v1/me", exchange -> {
            String bearer = exchange.getRequestHeaders().getFirst("Authorization");
            String user = ("Bearer " + AGENT_TOKEN).equals(bearer) ? "agents"
                    : ("Bearer " + MALLORYS_TOKEN).equals(bearer) ? "mallory"
                    : ("Bearer " + BUSY_TOKEN).equals(bearer) ? "busy"
                    : ("Bearer " + VIEWER_TOKEN).equals(bearer) ? "viewer"
                    : ("Bearer " + LINUX_TOKEN).equals(bearer) ? "linux-agents"
                    : ("Bearer " + UNTAGGED_TOKEN).equals(bearer) ? "untagged-agents"
                    : ("Bearer " + SINGLE_TOKEN).equals(bearer) ? "single-agents" : null;
            if (user == null) {
                exchange.sendResponseHeaders(401, -1);
            } else {
                String role = "viewer".equals(user) ? "VIEWER" : "AGENT";
                String agent = BINDINGS.containsKey(user) ? ", \"agent\": " + BINDINGS.get(user) : "";
                byte[] body = ("{\"name\": \"" + user + "\", \"roles\": [\"" + role + "\"]" + agent + "}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        tokenService.start();
        registry.add("spring.mongodb.uri", () -> uri);
        registry.add("mflow.runner.work-dir", workDir::toString);
        registry.add("mflow.security.token-service",
                () -> "http://127.0.0.1:" + tokenService.getAddress().getPort());
    }

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        topics = new JobCommandTopics(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        topics.close();
        tokenService.stop(0);
        mongo.shutdown();
        org.springframework.util.FileSystemUtils.deleteRecursively(workDir.toFile());
    }

    @Test
    void anAgentTakesAnAttemptWithItsTagsAndItsStartOutputAndEndBecomeItsReports() throws Exception {
        topics.send(forAgents("jt-agent", "linux"));
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-agent").contains("SCHEDULING"));

        HttpResponse<String> handedOut = await().atMost(TIMEOUT).until(
                () -> post("build-01", AGENT_TOKEN, "work", hello(List.of("linux", "docker"), List.of())),
                response -> response.statusCode() == 200);
        Work work = JSON.readValue(handedOut.body(), Work.class);
        assertThat(JSON.readValue(handedOut.body(), Map.class).keySet()).as("the fields deployed agents read")
                .containsExactlyInAnyOrder("attemptId", "jobTaskId", "pipelineTaskId", "runnerSpec", "params",
                        "updateToken", "timeoutMillis", "statusBaseUrl", "kafkaBootstrapServers", "kafkaLogin");
        assertThat(work.attemptId()).isEqualTo("jt-agent#1");
        assertThat(work.updateToken()).as("opened for the job").isEqualTo("token-jt-agent");
        assertThat(work.statusBaseUrl()).isEqualTo("http://mflow.example:8080");

        assertThat(post("build-01", AGENT_TOKEN, "started", new Started(work.attemptId())).statusCode())
                .isEqualTo(204);
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-agent").contains("ACTIVE"));
        assertThat(postOutput("build-01", work.attemptId(), 0, "building\n").statusCode()).isEqualTo(204);
        assertThat(post("build-01", AGENT_TOKEN, "finished",
                new Finished(work.attemptId(), 0, Map.of("VERSION", "1.2"), null)).statusCode()).isEqualTo(204);

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-agent").contains("SUCCEEDED"));
        List<JobTaskStatusReported> reports = topics.reportsOf("jt-agent").stream().map(ConsumerRecord::value)
                .toList();
        assertThat(reports).extracting(r -> r.getStage().name()).containsExactly("SCHEDULING", "ACTIVE", "SUCCEEDED");
        assertThat(reports.get(0).getMessage()).isEqualTo("waiting for an agent with tags linux");
        assertThat(reports.get(1).getMessage()).isEqualTo("running on agent build-01");
        assertThat(reports.get(2).getOutputs()).containsEntry("VERSION", "1.2");
        assertThat(reports).allSatisfy(r -> assertThat(r.getUpdateToken()).startsWith("proof:v1:"));
        await().atMost(TIMEOUT).until(() -> topics.logsOf("jt-agent").stream()
                .anyMatch(chunk -> chunk.getText().contains("building")));

        HttpResponse<String> again = post("build-01", AGENT_TOKEN, "finished",
                new Finished(work.attemptId(), 0, Map.of(), null));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("Refused by the attempt's state").contains("this report is refused");

        await("the raw output goes once its masked copy is out").atMost(TIMEOUT)
                .until(() -> rawPartsOf(work.attemptId()) == 0);
        assertThat(postOutput("build-01", work.attemptId(), 9, "late\n").statusCode())
                .as("a late part of an ended attempt's output is refused, not kept raw").isEqualTo(409);
        assertThat(rawPartsOf(work.attemptId())).isZero();
    }

    @Test
    void aCancelReachesTheAgentWithItsNextHeartbeatAndItsLateEndIsRefused() throws Exception {
        topics.send(forAgents("jt-canceled", "gpu"));
        HttpResponse<String> handedOut = await().atMost(TIMEOUT).until(
                () -> post("gpu-01", AGENT_TOKEN, "work", hello(List.of("gpu"), List.of())),
                response -> response.statusCode() == 200);
        String attemptId = JSON.readValue(handedOut.body(), Work.class).attemptId();
        post("gpu-01", AGENT_TOKEN, "started", new Started(attemptId));
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-canceled").contains("ACTIVE"));

        topics.send(cancelJob("jt-canceled", "stop it"));

        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-canceled").contains("CANCELED"));
        // its report is out as soon as the execution is canceled; its agent is told with a heartbeat a moment later
        HttpResponse<String> heartbeat = await().atMost(TIMEOUT).until(() -> post("gpu-01", AGENT_TOKEN, "heartbeat",
                hello(List.of("gpu"), List.of(attemptId))),
                response -> JSON.readValue(response.body(), HeartbeatReply.class).stop().contains(attemptId));
        assertThat(JSON.readValue(heartbeat.body(), HeartbeatReply.class).stop()).containsExactly(attemptId);
        HttpResponse<String> late = post("gpu-01", AGENT_TOKEN, "finished", new Finished(attemptId, 143, Map.of(),
                null));
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("ended CANCELED");
        assertThat(topics.stagesOf("jt-canceled")).containsExactly("SCHEDULING", "ACTIVE", "CANCELED");
    }

    @Test
    void anAgentThatSentAHeartbeatCountsAsAlive() throws Exception {
        assertThat(post("alive-01", AGENT_TOKEN, "heartbeat", hello(List.of(), List.of())).statusCode())
                .isEqualTo(200);

        assertThat(meters.get("mflow.agents.alive").gauge().value()).as("what the dashboard shows as agents alive")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void anotherUsersTokenCannotSpeakForAnAgentsName() throws Exception {
        assertThat(post("build-02", AGENT_TOKEN, "heartbeat", hello(List.of(), List.of())).statusCode())
                .isEqualTo(200);

        HttpResponse<String> impostor = post("build-02", MALLORYS_TOKEN, "heartbeat", hello(List.of(), List.of()));

        assertThat(impostor.statusCode()).isEqualTo(409);
        assertThat(impostor.body()).contains("agent build-02 is agents's; give this agent another name");
    }

    @Test
    void aTokenOpeningOneMoreLongPollThanAllowedGets429WhileAnotherTokensPollIsServed() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> held = List.of(pollAsync("busy-01"), pollAsync("busy-02"));
        await().atMost(TIMEOUT).until(() -> longPolls.openBy("busy") == 2);

        long asked = System.nanoTime();
        HttpResponse<String> oneMore = post("busy-03", BUSY_TOKEN, "work", hello(List.of("nowhere"), List.of()));

        assertThat(oneMore.statusCode()).isEqualTo(429);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("answered at once, not after the poll wait")
                .isLessThan(POLL_WAIT);
        assertThat(oneMore.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(oneMore.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(oneMore.body()).contains("Too many long polls").contains("busy already holds 2 requests for work");
        assertThat(post("build-03", AGENT_TOKEN, "work", hello(List.of("nowhere"), List.of())).statusCode())
                .as("another token's poll, while busy holds its two").isEqualTo(204);
        assertThat(agentNames()).as("the refused poll was no heartbeat").doesNotContain("busy-03");

        assertThat(held).allSatisfy(poll -> assertThat(poll.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode())
                .isEqualTo(204));
        assertThat(longPolls.openBy("busy")).isZero();
        assertThat(post("busy-03", BUSY_TOKEN, "work", hello(List.of("nowhere"), List.of())).statusCode())
                .as("once its polls ended, the token polls again").isEqualTo(204);
    }

    @Test
    void aRefusedPollGivesItsSlotBack() throws Exception {
        assertThat(post("build-04", AGENT_TOKEN, "heartbeat", hello(List.of(), List.of())).statusCode())
                .isEqualTo(200);

        for (int i = 0; i < 3; i++) {
            assertThat(post("build-04", MALLORYS_TOKEN, "work", hello(List.of("nowhere"), List.of())).statusCode())
                    .as("more refused polls than mallory's share").isEqualTo(409);
        }

        assertThat(longPolls.openBy("mallory")).isZero();
        assertThat(post("mallory-01", MALLORYS_TOKEN, "work", hello(List.of("nowhere"), List.of())).statusCode())
                .isEqualTo(204);
    }

    @Test
    void aPollWhoseClientHungUpGivesItsSlotBackOnceItsWaitEnds() throws Exception {
        byte[] body = JSON.writeValueAsString(hello(List.of("nowhere"), List.of())).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/agents/busy-04/work HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + BUSY_TOKEN + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            await().atMost(TIMEOUT).until(() -> longPolls.openBy("busy") == 1);
        }

        await().atMost(TIMEOUT).until(() -> longPolls.openBy("busy") == 0);
        assertThat(post("busy-04", BUSY_TOKEN, "work", hello(List.of("nowhere"), List.of())).statusCode())
                .isEqualTo(204);
    }

    @Test
    void aNegativeOutputOffsetIsABadRequestAndTheOutputStaysAsItWas() throws Exception {
        topics.send(forAgents("jt-offset", "arm"));
        HttpResponse<String> handedOut = await().atMost(TIMEOUT).until(
                () -> post("arm-01", AGENT_TOKEN, "work", hello(List.of("arm"), List.of())),
                response -> response.statusCode() == 200);
        String attemptId = JSON.readValue(handedOut.body(), Work.class).attemptId();
        assertThat(post("arm-01", AGENT_TOKEN, "started", new Started(attemptId)).statusCode()).isEqualTo(204);
        assertThat(postOutput("arm-01", attemptId, 0, "line one\n").statusCode()).isEqualTo(204);

        HttpResponse<String> forged = postOutput("arm-01", attemptId, -9, "forged\n");

        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(forged.body()).contains("an output offset is at least 0, not -9");
        assertThat(new String(agentOutput.read(attemptId, 0, 1024), StandardCharsets.UTF_8)).isEqualTo("line one\n");
        assertThat(post("arm-01", AGENT_TOKEN, "finished", new Finished(attemptId, 0, Map.of(), null)).statusCode())
                .isEqualTo(204);
    }

    @Test
    void aConcurrencyBelowOneIsABadRequestAndTheAgentIsNotRecorded() throws Exception {
        Hello negative = new Hello(List.of(), "0.1.0", -1, List.of());

        HttpResponse<String> work = post("odd-01", AGENT_TOKEN, "work", negative);
        HttpResponse<String> heartbeat = post("odd-01", AGENT_TOKEN, "heartbeat", negative);

        assertThat(work.statusCode()).isEqualTo(400);
        assertThat(work.body()).contains("an agent's concurrency is at least 1, not -1");
        assertThat(heartbeat.statusCode()).isEqualTo(400);
        assertThat(agentNames()).doesNotContain("odd-01");
        assertThat(longPolls.openBy("agents")).as("the refused poll's slot is back").isZero();
    }

    @Test
    void anAgentClaimingMoreConcurrencyThanAllowedHoldsNoMoreThanTheMaximum() throws Exception {
        for (String jobTaskId : List.of("jt-wide-1", "jt-wide-2", "jt-wide-3")) {
            topics.send(forAgents(jobTaskId, "wide"));
            await().atMost(TIMEOUT).until(() -> topics.stagesOf(jobTaskId).contains("SCHEDULING"));
        }
        Hello wide = new Hello(List.of("wide"), "0.1.0", 1000, List.of());
        for (int taken = 0; taken < 2; taken++) {
            await().atMost(TIMEOUT).until(() -> post("wide-01", AGENT_TOKEN, "work", wide),
                    response -> response.statusCode() == 200);
        }

        HttpResponse<String> third = post("wide-01", AGENT_TOKEN, "work", wide);

        assertThat(third.statusCode()).as("it holds the maximum, 2, though it claims 1000").isEqualTo(204);
        Map<?, ?> listed = agents().stream().filter(a -> "wide-01".equals(a.get("name"))).findFirst().orElseThrow();
        assertThat(listed.get("concurrency")).isEqualTo(2);
        assertThat((List<?>) listed.get("running")).hasSize(2);
    }

    @Test
    void anAgentTokenBoundToLinuxNeverReceivesADockerJobEvenWhenItClaimsDocker() throws Exception {
        topics.send(forAgents("jt-docker", "docker"));
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-docker").contains("SCHEDULING"));

        HttpResponse<String> linux = post("linux-01", LINUX_TOKEN, "work", hello(List.of("linux", "docker"),
                List.of()));
        HttpResponse<String> unbound = post("mallory-02", MALLORYS_TOKEN, "work", hello(List.of("docker"), List.of()));

        assertThat(linux.statusCode()).as("a whole poll wait with the docker job waiting: " + linux.body())
                .isEqualTo(204);
        assertThat(unbound.statusCode()).as("a token bound to nothing takes nothing").isEqualTo(204);
        Map<?, ?> listed = agents().stream().filter(a -> "linux-01".equals(a.get("name"))).findFirst().orElseThrow();
        assertThat(listed.get("tags")).as("what it claimed, as far as its token allows").isEqualTo(List.of("linux"));
        HttpResponse<String> docker = post("docker-01", AGENT_TOKEN, "work", hello(List.of("docker"), List.of()));
        assertThat(docker.statusCode()).as("the job was there to take, for a token allowed docker").isEqualTo(200);
        assertThat(JSON.readValue(docker.body(), Work.class).attemptId()).isEqualTo("jt-docker#1");
    }

    @Test
    void anAgentTokenNotAllowedUntaggedWorkNeverReceivesAnUntaggedJobWhileOneAllowedDoes() throws Exception {
        topics.send(RunJob.newBuilder(runJob("jt-untagged", "make test")).setRunnerType("AGENT")
                .setAgentTags(List.of()).build());
        await().atMost(TIMEOUT).until(() -> topics.stagesOf("jt-untagged").contains("SCHEDULING"));

        HttpResponse<String> linux = post("linux-02", LINUX_TOKEN, "work", hello(List.of("linux"), List.of()));
        HttpResponse<String> tagged = post("build-05", AGENT_TOKEN, "work", hello(List.of(), List.of()));

        assertThat(linux.statusCode()).isEqualTo(204);
        assertThat(tagged.statusCode()).as("claiming no tags does not make untagged work its").isEqualTo(204);
        HttpResponse<String> untagged = post("any-01", UNTAGGED_TOKEN, "work", hello(List.of("linux"), List.of()));
        assertThat(untagged.statusCode()).as("the job was there to take, for a token allowed untagged work")
                .isEqualTo(200);
        assertThat(JSON.readValue(untagged.body(), Work.class).attemptId()).isEqualTo("jt-untagged#1");
        Map<?, ?> listed = agents().stream().filter(a -> "any-01".equals(a.get("name"))).findFirst().orElseThrow();
        assertThat(listed.get("tags")).as("linux is not its token's").isEqualTo(List.of());
        assertThat(listed.get("untagged")).isEqualTo(true);
    }

    @Test
    void anAgentTokenBoundToOneAttemptHoldsOneWhateverItClaims() throws Exception {
        for (String jobTaskId : List.of("jt-single-1", "jt-single-2")) {
            topics.send(forAgents(jobTaskId, "single"));
            await().atMost(TIMEOUT).until(() -> topics.stagesOf(jobTaskId).contains("SCHEDULING"));
        }
        Hello greedy = new Hello(List.of("single"), "0.1.0", 10, List.of());
        await().atMost(TIMEOUT).until(() -> post("single-01", SINGLE_TOKEN, "work", greedy),
                response -> response.statusCode() == 200);

        HttpResponse<String> second = post("single-01", SINGLE_TOKEN, "work", greedy);

        assertThat(second.statusCode()).as("its token allows 1, below runner-service's maximum of 2, though it claims 10")
                .isEqualTo(204);
        Map<?, ?> listed = agents().stream().filter(a -> "single-01".equals(a.get("name"))).findFirst().orElseThrow();
        assertThat(listed.get("concurrency")).isEqualTo(1);
        assertThat((List<?>) listed.get("running")).hasSize(1);
    }

    private CompletableFuture<HttpResponse<String>> pollAsync(String agent) throws Exception {
        return http.sendAsync(HttpRequest.newBuilder(agentUri(agent, "work"))
                        .header("Authorization", "Bearer " + BUSY_TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                hello(List.of("nowhere"), List.of())))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Map<?, ?>> agents() throws Exception {
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/agents"))
                        .header("Authorization", "Bearer " + VIEWER_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        return List.of(JSON.readValue(listed.body(), Map[].class));
    }

    private List<Object> agentNames() throws Exception {
        return agents().stream().map(a -> (Object) a.get("name")).toList();
    }

    /** The raw (unmasked) parts of an attempt's output runner-service keeps, in the store every instance shares. */
    private long rawPartsOf(String attemptId) {
        return store.getCollection("agent_output").countDocuments(new org.bson.Document("attemptId", attemptId));
    }

    private static RunJob forAgents(String jobTaskId, String tag) {
        return RunJob.newBuilder(runJob(jobTaskId, "make test")).setRunnerType("AGENT").setAgentTags(List.of(tag))
                .build();
    }

    private static Hello hello(List<String> tags, List<String> running) {
        return new Hello(tags, "0.1.0", 2, running);
    }

    private HttpResponse<String> post(String agent, String token, String call, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(agentUri(agent, call))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postOutput(String agent, String attemptId, long offset, String text)
            throws Exception {
        return http.send(HttpRequest.newBuilder(agentUri(agent, "output?attempt="
                                + URLEncoder.encode(attemptId, StandardCharsets.UTF_8) + "&offset=" + offset))
                        .header("Authorization", "Bearer " + AGENT_TOKEN)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI agentUri(String agent, String call) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/agents/" + agent + "/" + call);
    }
}

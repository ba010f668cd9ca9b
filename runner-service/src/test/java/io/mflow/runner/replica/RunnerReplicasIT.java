package io.mflow.runner.replica;

import static io.mflow.runner.JobCommandTopics.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.mflow.runner.JobCommandTopics;
import io.mflow.runner.RunnerServiceApplication;
import io.mflow.runner.app.AgentLogs;
import io.mflow.runner.app.CancelAttempt;
import io.mflow.runner.app.CancelRequest;
import io.mflow.runner.app.TakeOverExecutions;
import io.mflow.runner.domain.Attempt;
import io.mflow.runner.domain.Execution;
import io.mflow.runner.domain.ExecutionState;
import io.mflow.schemas.Topics;
import io.mflow.schemas.command.RunJob;
import io.mflow.schemas.event.JobLogChunk;
import io.mflow.schemas.event.JobTaskStatusReported;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.json.JsonMapper;

/**
 * runner-service in three replicas (application contexts) on one broker, one store, one Kubernetes API server (the
 * mock in CRUD mode) and agents: each instance acts only on the executions it owns. Instance A takes a LOCAL job that
 * ends while B and C start, a LOCAL job that never ends, a Kubernetes Job and an agent's job; B and C leave all of
 * it alone while A lives, and a takeover attempted then changes nothing. Then A dies (its context closed: its
 * heartbeat stops, its lease runs out) and the two survivors race for its executions: the LOCAL job is reported lost
 * exactly once and never run again, the Kubernetes Job is followed to its end without a second Job, and the agent's
 * job ends through a survivor with the output the agent sent to A and to the survivor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunnerReplicasIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final String NS = "builds";
    private static final String AGENT_TOKEN = "agent-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedKafkaKraftBroker broker;
    private static MongoServer mongo;
    private static KubernetesMockServer server;
    private static KubernetesClient kubelet;
    private static HttpServer tokenService;
    private static JobCommandTopics topics;
    private static Path root;
    private static Path scratch;
    private static Path kubeconfig;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static ConfigurableApplicationContext c;
    private static String agentAttempt;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.JOB_COMMANDS, Topics.JOB_TASK_STATUS_REPORTS,
                Topics.JOB_COMMANDS + Topics.DEAD_LETTER_SUFFIX, Topics.JOB_LOGS, Topics.TASK_EVENTS);
        broker.afterPropertiesSet();
        mongo = new MongoServer(new MemoryBackend());
        mongo.enableOplog();
        mongo.bind();
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        kubelet = server.createClient();
        root = Files.createTempDirectory("runner-replicas").toAbsolutePath();
        scratch = Files.createTempDirectory("runner-replicas-scratch");
        // a runner running as root runs its jobs as users of their own, who write the ledgers here
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));
        kubeconfig = root.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                contexts:
                  - name: mock
                    context: {cluster: mock, user: runner}
                current-context: mock
                users:
                  - name: runner
                    user: {token: runner-token}
                """.formatted(kubelet.getConfiguration().getMasterUrl()));
        tokenService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokenService.createContext("/api/v1/me", exchange -> {
            boolean agent = ("Bearer " + AGENT_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!agent) {
                exchange.sendResponseHeaders(401, -1);
            } else {
                byte[] body = ("{\"name\": \"agents\", \"roles\": [\"AGENT\"], \"agent\": {\"tags\": [\"linux\"],"
                        + " \"maxConcurrency\": 4, \"untagged\": false}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        tokenService.start();
        topics = new JobCommandTopics(broker.getBrokersAsString());
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {a, b, c}) {
            if (replica != null && replica.isActive()) {
                replica.close();
            }
        }
        endJobsLeftRunning();
        topics.close();
        tokenService.stop(0);
        kubelet.close();
        server.destroy();
        mongo.shutdown();
        broker.destroy();
        org.springframework.util.FileSystemUtils.deleteRecursively(root.toFile());
        org.springframework.util.FileSystemUtils.deleteRecursively(scratch.toFile());
    }

    /** A runner-service replica with an instance id of its own and a work dir of its own, as on a host of its own. */
    private static ConfigurableApplicationContext replica(String instanceId) {
        return new SpringApplicationBuilder(RunnerServiceApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.mongodb.uri=mongodb://" + mongo.getLocalAddress().getHostString() + ":"
                        + mongo.getLocalAddress().getPort(),
                "--mflow.kafka.topic-partitions=1",
                "--mflow.runner.instance-id=" + instanceId,
                "--mflow.runner.heartbeat-every=250ms",
                "--mflow.runner.lease-for=" + LEASE.toMillis() + "ms",
                "--mflow.runner.work-dir=" + root.resolve(instanceId),
                "--mflow.runner.lost-grace=500ms",
                "--mflow.runner.log-interval=100ms",
                "--mflow.runner.agents.poll-wait=1s",
                "--mflow.security.token-service=http://127.0.0.1:" + tokenService.getAddress().getPort(),
                "--mflow.runner.kubernetes.clusters.mock.kubeconfig=" + kubeconfig,
                "--mflow.runner.kubernetes.clusters.mock.namespace=" + NS,
                "--mflow.runner.kubernetes.log-interval=100ms",
                "--logging.level.org.apache.kafka=WARN",
                "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN",
                "--logging.level.io.fabric8.mockwebserver=WARN");
    }

    private static final String COUNTDOWN = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: test
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: main
                      image: busybox:1.36
                      command: ["sh", "-c", "echo counting"]
            """;

    @Test
    @Order(1)
    void anInstancesStartLeavesAnotherLiveInstancesExecutionsAlone() throws Exception {
        a = replica("runner-a");
        Path release = scratch.resolve("release-live");
        topics.send(runJob("jt-live", "echo ran >> '" + scratch.resolve("ledger-live") + "'\n"
                + "while [ ! -f '" + release + "' ]; do sleep 0.1; done\necho DONE=yes >> \"$MFLOW_OUTPUT\"\n"));
        topics.send(runJob("jt-doomed", "echo ran >> '" + scratch.resolve("ledger-doomed") + "'\n"
                + "while [ ! -f '" + scratch.resolve("never") + "' ]; do sleep 0.1; done\n"));
        RunJob k8s = runJob("jt-k8s", COUNTDOWN);
        k8s.setRunnerType("K8S_JOB");
        topics.send(k8s);
        topics.send(RunJob.newBuilder(runJob("jt-agent", "make test")).setRunnerType("AGENT")
                .setAgentTags(List.of("linux")).build());

        await().atMost(TIMEOUT).until(() -> reported("jt-live").contains("ACTIVE")
                && reported("jt-doomed").contains("ACTIVE") && job("jt-k8s") != null
                && reported("jt-agent").contains("SCHEDULING"));
        podRuns("jt-k8s");
        HttpResponse<String> work = await().atMost(TIMEOUT).until(() -> agent(a, "work", hello(List.of())),
                response -> response.statusCode() == 200);
        agentAttempt = JSON.readTree(work.body()).path("attemptId").asString();
        assertThat(agent(a, "started", Map.of("attemptId", agentAttempt)).statusCode()).isEqualTo(204);
        assertThat(output(a, agentAttempt, 0, "first half\n").statusCode()).isEqualTo(204);
        await().atMost(TIMEOUT).until(() -> reported("jt-k8s").contains("ACTIVE")
                && reported("jt-agent").contains("ACTIVE"));
        for (String jobTask : List.of("jt-live", "jt-doomed", "jt-k8s", "jt-agent")) {
            assertThat(stored(jobTask).getString("owner")).as(jobTask).isEqualTo("runner-a");
        }

        b = replica("runner-b");
        c = replica("runner-c");
        await().atMost(TIMEOUT).until(() -> leaseOf("runner-b") != null && leaseOf("runner-c") != null);
        Document before = stored("jt-doomed");
        Execution doomed = new Execution(attemptOf("jt-doomed"), ExecutionState.RUNNING, null, null, "runner-a");
        assertThat(b.getBean(TakeOverExecutions.class).takeOver(doomed))
                .as("a takeover while the owner's lease holds").isFalse();
        Thread.sleep(3 * LEASE.toMillis()); // many heartbeats of B and C, each sweeping for dead instances
        assertThat(stored("jt-doomed")).as("nothing changed").isEqualTo(before);
        assertThat(reported("jt-live")).containsExactly("CREATING", "ACTIVE");
        assertThat(reported("jt-doomed")).containsExactly("CREATING", "ACTIVE");

        Files.writeString(release, "go");
        await().atMost(TIMEOUT).until(() -> reported("jt-live").contains("SUCCEEDED"));
        assertThat(reported("jt-live")).containsExactly("CREATING", "ACTIVE", "SUCCEEDED");
        assertThat(report("jt-live", "SUCCEEDED").getOutputs()).containsEntry("DONE", "yes");
        assertThat(stored("jt-live").getString("owner")).as("finished by A").isEqualTo("runner-a");
        assertThat(Files.readAllLines(scratch.resolve("ledger-live"))).containsExactly("ran");
    }

    @Test
    @Order(2)
    void whenAnInstanceDiesTheSurvivorsTakeEachOfItsExecutionsOverExactlyOnce() throws Exception {
        a.close(); // its heartbeat stops; its LOCAL job's process runs on, as on a host cut off
        await().atMost(TIMEOUT).until(() -> reported("jt-doomed").contains("FAILED"));
        String survivor = stored("jt-doomed").getString("owner");
        assertThat(survivor).isIn("runner-b", "runner-c");
        assertThat(report("jt-doomed", "FAILED").getMessage()).isEqualTo("execution lost");

        // the agent goes on with its job, speaking to the survivor that does not own it now
        await().atMost(TIMEOUT).until(() -> !"runner-a".equals(stored("jt-agent").getString("owner")));
        ConfigurableApplicationContext other = "runner-b".equals(stored("jt-agent").getString("owner")) ? c : b;
        assertThat(output(other, agentAttempt, 11, "second half\n").statusCode()).isEqualTo(204);
        assertThat(agent(other, "finished", Map.of("attemptId", agentAttempt, "exitCode", 0,
                "outputs", Map.of("VERSION", "2.0"))).statusCode()).isEqualTo(204);
        podEnds("jt-k8s");

        await().atMost(TIMEOUT).until(() -> reported("jt-k8s").contains("SUCCEEDED")
                && reported("jt-agent").contains("SUCCEEDED"));
        await().atMost(TIMEOUT).until(() -> outputOf("jt-agent").contains("second half"));
        Thread.sleep(3 * LEASE.toMillis()); // more sweeps: nothing is reported a second time
        assertThat(reported("jt-doomed")).containsExactly("CREATING", "ACTIVE", "FAILED");
        assertThat(Files.readAllLines(scratch.resolve("ledger-doomed"))).as("never started again")
                .containsExactly("ran");
        assertThat(reported("jt-k8s")).containsExactly("CREATING", "ACTIVE", "SUCCEEDED");
        assertThat(jobsOf("jt-k8s")).as("re-attached, not created again").hasSize(1);
        assertThat(reported("jt-agent")).containsExactly("SCHEDULING", "ACTIVE", "SUCCEEDED");
        assertThat(report("jt-agent", "SUCCEEDED").getOutputs()).containsEntry("VERSION", "2.0");
        assertThat(outputOf("jt-agent")).isEqualTo("first half\nsecond half\n");
        for (String jobTask : List.of("jt-k8s", "jt-agent")) {
            assertThat(stored(jobTask).getString("owner")).as(jobTask).isIn("runner-b", "runner-c");
            assertThat(stored(jobTask).getString("state")).as(jobTask).isEqualTo("FINISHED");
        }
        assertThat(b.getBean(AgentLogs.class).read(agentAttempt, 0, 100)).as("raw output goes once shipped")
                .isEmpty();
    }

    @Test
    @Order(3)
    void anInstanceComingBackWithItsIdActsOnlyOnWhatItStillOwns() throws Exception {
        String doomedOwner = stored("jt-doomed").getString("owner");
        a = replica("runner-a");
        await().atMost(TIMEOUT).until(() -> {
            Document lease = leaseOf("runner-a");
            return lease != null && lease.getDate("leaseUntil").toInstant().isAfter(Instant.now());
        });
        Thread.sleep(3 * LEASE.toMillis());
        assertThat(stored("jt-doomed").getString("owner")).isEqualTo(doomedOwner);
        assertThat(reported("jt-doomed")).containsExactly("CREATING", "ACTIVE", "FAILED");
        assertThat(Files.readAllLines(scratch.resolve("ledger-doomed"))).containsExactly("ran");
    }

    /**
     * The stages reported of a job task, each report once: a relay that writes an execution may send again a record
     * another instance's relay sent and had not yet taken out of the document, under the same report id, which the
     * reader (task-service) drops. Two instances both acting on an execution would show as two different reports.
     */
    @Test
    @Order(5)
    void survivorsRacingForADeadInstancesExecutionsActOnEachExactlyOnce() throws Exception {
        // an instance that died long ago, leaving a running LOCAL job, a claim due only after it died (backing off),
        // and a claim due while it lived, which it may have started on its host before it could store the start
        collection("runner_instances").insertOne(new Document("_id", "runner-x").append("host", "host-x")
                .append("renewedAt", java.util.Date.from(Instant.now().minusSeconds(60)))
                .append("leaseUntil", java.util.Date.from(Instant.now().minusSeconds(54))));
        Path ledger = scratch.resolve("ledger-claimed");
        Path ledgerDue = scratch.resolve("ledger-claimed-due");
        collection("executions").insertMany(List.of(
                deadInstances("jt-x-running", "RUNNING", "true", 4242L),
                deadInstances("jt-x-claimed", "CLAIMED", "echo ran >> '" + ledger + "'\n", null)
                        .append("notBefore", java.util.Date.from(Instant.now().minusSeconds(50))),
                deadInstances("jt-x-claimed-due", "CLAIMED", "echo ran >> '" + ledgerDue + "'\n", null)
                        .append("notBefore", java.util.Date.from(Instant.now().minusSeconds(58)))));

        await().atMost(TIMEOUT).until(() -> reported("jt-x-running").contains("FAILED")
                && reported("jt-x-claimed").contains("SUCCEEDED") && reported("jt-x-claimed-due").contains("FAILED"));
        Thread.sleep(3 * LEASE.toMillis()); // every survivor swept many times meanwhile
        assertThat(reported("jt-x-running")).containsExactly("FAILED");
        assertThat(report("jt-x-running", "FAILED").getMessage()).isEqualTo("execution lost");
        assertThat(reported("jt-x-claimed")).containsExactly("ACTIVE", "SUCCEEDED");
        assertThat(Files.readAllLines(ledger)).as("started once, by one survivor").containsExactly("ran");
        assertThat(reported("jt-x-claimed-due")).as("ended from a claim: ACTIVE first, as always")
                .containsExactly("ACTIVE", "FAILED");
        assertThat(report("jt-x-claimed-due", "FAILED").getMessage()).isEqualTo("execution lost");
        assertThat(ledgerDue).as("never started here: it may have run on the dead host").doesNotExist();
        for (String jobTask : List.of("jt-x-running", "jt-x-claimed", "jt-x-claimed-due")) {
            assertThat(stored(jobTask).getString("owner")).as(jobTask).isIn("runner-a", "runner-b", "runner-c");
        }
    }

    @Test
    @Order(6)
    void theLeaseOfAnInstanceDeadForADayWithNothingLeftIsForgotten() {
        collection("runner_instances").insertOne(new Document("_id", "runner-old").append("host", "host-old")
                .append("renewedAt", java.util.Date.from(Instant.now().minus(Duration.ofDays(2))))
                .append("leaseUntil", java.util.Date.from(Instant.now().minus(Duration.ofDays(2)))));
        await().atMost(TIMEOUT).until(() -> leaseOf("runner-old") == null);
        assertThat(leaseOf("runner-x")).as("dead for a minute only: kept").isNotNull();
    }

    /** An execution as instance runner-x stored it. */
    private static Document deadInstances(String jobTaskId, String state, String script, Long pid) {
        return new Document("_id", jobTaskId + "#1")
                .append("jobTaskId", jobTaskId)
                .append("pipelineTaskId", "pt-" + jobTaskId)
                .append("runnerType", "LOCAL")
                .append("runnerSpec", script)
                .append("params", List.of())
                .append("updateToken", JobCommandTopics.SEALED.seal("token-" + jobTaskId,
                        io.mflow.schemas.sealed.SealedPlace.updateToken(jobTaskId, 1)))
                .append("dryRun", false)
                .append("state", state)
                .append("pid", pid)
                .append("workDir", pid == null ? null : "/elsewhere/" + jobTaskId)
                .append("owner", "runner-x")
                .append("version", 3L)
                .append("outbox", List.of())
                .append("updatedAt", new java.util.Date());
    }

    private static JobTaskStatusReported report(String jobTaskId, String stage) {
        return topics.reportsOf(jobTaskId).stream().map(r -> r.value())
                .filter(r -> r.getStage().name().equals(stage)).findFirst().orElseThrow();
    }

    private static List<String> reported(String jobTaskId) {
        Map<String, String> byId = new java.util.LinkedHashMap<>();
        topics.reportsOf(jobTaskId).forEach(r -> byId.putIfAbsent(r.value().getReportId(), r.value().getStage().name()));
        return List.copyOf(byId.values());
    }

    /**
     * The output published of a job task, each line once: a new owner publishes it again from its start, under the
     * same line numbers, as a restarted runner does, and readers keep the first copy of each.
     */
    private static String outputOf(String jobTaskId) {
        Map<Long, String> byFirstLine = new java.util.TreeMap<>();
        for (JobLogChunk chunk : topics.logsOf(jobTaskId)) {
            byFirstLine.putIfAbsent(chunk.getFirstLine(), chunk.getText());
        }
        return String.join("", byFirstLine.values());
    }

    @Test
    @Order(4)
    void aCancelTakenByAnotherInstanceStopsTheOwnersLocalProcessOnItsHost() throws Exception {
        Path pidFile = scratch.resolve("pid-canceled");
        topics.send(runJob("jt-canceled", "echo $$ > '" + pidFile + "'\nexec sleep 60\n"));
        await().atMost(TIMEOUT).until(() -> reported("jt-canceled").contains("ACTIVE")
                && Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        String owner = stored("jt-canceled").getString("owner");
        ConfigurableApplicationContext notOwner = "runner-b".equals(owner) ? c : b;

        notOwner.getBean(CancelAttempt.class).cancel(new CancelRequest("jt-canceled#1", "jt-canceled",
                "pt-jt-canceled", null, "stop it"));

        await().atMost(TIMEOUT).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)
                && reported("jt-canceled").contains("CANCELED"));
        assertThat(reported("jt-canceled")).containsExactly("CREATING", "ACTIVE", "CANCELED");
        assertThat(stored("jt-canceled").getString("owner")).isEqualTo(owner);
    }

    private static Document stored(String jobTaskId) {
        return collection("executions").find(new Document("_id", jobTaskId + "#1")).first();
    }

    private static Document leaseOf(String instance) {
        return collection("runner_instances").find(new Document("_id", instance)).first();
    }

    private static com.mongodb.client.MongoCollection<Document> collection(String name) {
        return b != null ? b.getBean(org.springframework.data.mongodb.core.MongoTemplate.class).getCollection(name)
                : a.getBean(org.springframework.data.mongodb.core.MongoTemplate.class).getCollection(name);
    }

    private static Attempt attemptOf(String jobTaskId) {
        return new Attempt(jobTaskId + "#1", jobTaskId, "pt-" + jobTaskId, "LOCAL", "true", List.of(), "sealed",
                false);
    }

    private static Map<String, Object> hello(List<String> running) {
        return Map.of("tags", List.of("linux"), "version", "test", "concurrency", 1, "running", running);
    }

    private HttpResponse<String> agent(ConfigurableApplicationContext replica, String call, Object body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(agentUri(replica, call))
                        .header("Authorization", "Bearer " + AGENT_TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> output(ConfigurableApplicationContext replica, String attemptId, long offset,
                                        String text) throws Exception {
        return http.send(HttpRequest.newBuilder(agentUri(replica, "output?attempt="
                                + URLEncoder.encode(attemptId, StandardCharsets.UTF_8) + "&offset=" + offset))
                        .header("Authorization", "Bearer " + AGENT_TOKEN)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI agentUri(ConfigurableApplicationContext replica, String call) {
        return URI.create("http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port")
                + "/api/v1/agents/build-01/" + call);
    }

    private static Job job(String jobTaskId) {
        return kubelet.batch().v1().jobs().inNamespace(NS).withName("mflow-" + jobTaskId + "-1").get();
    }

    private static List<Job> jobsOf(String jobTaskId) {
        return kubelet.batch().v1().jobs().inAnyNamespace().list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith("mflow-" + jobTaskId + "-")).toList();
    }

    /** What the Job controller and the kubelet do: a pod of the Job runs. */
    private static void podRuns(String jobTaskId) {
        String jobName = "mflow-" + jobTaskId + "-1";
        kubelet.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(jobName + "-abcde")
                .withNamespace(NS).withCreationTimestamp(Instant.now().toString())
                .withLabels(Map.of("app.kubernetes.io/managed-by", "mflow", "mflow.io/job", jobName,
                        "job-name", jobName))
                .endMetadata()
                .withSpec(job(jobTaskId).getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").endStatus().build()).create();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + jobName
                + "-abcde/log?pretty=false&container=main").andReturn(200, "counting\n").always();
    }

    private static void podEnds(String jobTaskId) {
        String jobName = "mflow-" + jobTaskId + "-1";
        kubelet.pods().inNamespace(NS).withName(jobName + "-abcde").edit(p -> new PodBuilder(p).editStatus()
                .withPhase("Succeeded")
                .withContainerStatuses(new ContainerStatusBuilder().withName("main")
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0)
                                .withReason("Completed").endTerminated().build()).build())
                .endStatus().build());
        kubelet.batch().v1().jobs().inNamespace(NS).withName(jobName).edit(j -> {
            j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
            j.getStatus().setConditions(List.of(new JobConditionBuilder().withType("Complete").withStatus("True")
                    .build()));
            return j;
        });
    }

    /** The dead instance's LOCAL job still runs, as on a host cut off: it ends when the file it waits for comes. */
    private static void endJobsLeftRunning() {
        try {
            Files.writeString(scratch.resolve("never"), "now");
            Thread.sleep(500);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.mflow.launcher;

import static io.mflow.launcher.MflowClient.jobTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A user's view of the whole engine: the real broker, the store and the four services as their own processes,
 * driven through REST only, with jobs that run as real shell processes and leave a line in a ledger file.
 */
class PipelineEndToEndIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    static Engine engine;
    static MflowClient mflow;
    static GreenMail smtp;
    static FakeKubelet kubelet;

    @BeforeAll
    static void startEngine() throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        // a K8S_JOB pod "builds" the image its APP_VERSION names, and says which in its termination message
        kubelet = new FakeKubelet(dir.resolve("kube"), env -> new FakeKubelet.Work(
                "pushing registry.example/app:" + env.get("APP_VERSION") + "\ntoken " + env.get("MFLOW_UPDATE_TOKEN")
                        + "\ndone\n",
                "IMAGE=registry.example/app:" + env.get("APP_VERSION") + "\n"));
        Map<String, String> env = new java.util.HashMap<>(kubelet.runnerEnv());
        // the test's webhook receivers listen on loopback, which notify-service refuses unless allowed
        // agents heartbeat every 500 ms in these tests: one silent for 3 s is gone
        env.putAll(Map.of("MFLOW_RUNNER_AGENTS_HEARTBEAT_TIMEOUT", "3s", "MFLOW_RUNNER_AGENTS_CHECK_INTERVAL", "500ms",
                "MFLOW_RUNNER_AGENTS_POLL_WAIT", "5s"));
        env.putAll(Map.of("MFLOW_NOTIFY_ALLOWED_PRIVATE_NETWORKS", "127.0.0.0/8",
                "SPRING_MAIL_HOST", "127.0.0.1", "SPRING_MAIL_PORT", String.valueOf(smtp.getSmtp().getPort())));
        // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
        java.nio.file.Files.setPosixFilePermissions(dir,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        engine = Engine.start(EngineSettings.defaults(home).shifted(10_000, dir.resolve("data")).withEnv(env));
        mflow = new MflowClient(engine.baseUri(Service.TASK), engine.adminToken());
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void agentsRunOnlyJobsWhoseTagsTheyCarryNeverMoreAtOnceThanTheirConcurrency() throws Exception {
        Ledger ledger = new Ledger("agents");
        String token = agentToken("agents-" + ledger.name);
        MflowClient runner = new MflowClient(engine.baseUri(Service.RUNNER), engine.adminToken());
        try (AgentProcess a = new AgentProcess(home(), dir, engine.baseUri(Service.RUNNER), token, "builder-a", "linux,docker", 1);
             AgentProcess b = new AgentProcess(home(), dir, engine.baseUri(Service.RUNNER), token, "builder-b", "linux", 2)) {
            String docker = agentJob("docker-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"; sleep 1", ledger,
                    List.of("docker"));
            String linux = agentJob("linux-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"; sleep 1", ledger,
                    List.of("linux"));
            String pipeline = pipeline("agents-" + ledger.name, List.of(stage("all", true, task("d1", docker),
                    task("d2", docker), task("l1", linux), task("l2", linux), task("l3", linux))));
            awaitAgents(runner, "builder-a", "builder-b");

            String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
            Map<String, java.util.Set<String>> ranOn = new java.util.HashMap<>();
            Map<String, Integer> mostAtOnce = new java.util.HashMap<>();
            JsonNode done = null;
            long deadline = System.currentTimeMillis() + RUN_TIMEOUT.toMillis();
            while (done == null && System.currentTimeMillis() < deadline) {
                for (JsonNode agent : runner.get("/api/v1/agents")) {
                    String name = agent.get("name").asString();
                    mostAtOnce.merge(name, agent.get("running").size(), Math::max);
                    agent.get("running").forEach(r -> ranOn.computeIfAbsent(r.get("jobTaskId").asString(),
                            k -> new java.util.HashSet<>()).add(name));
                }
                JsonNode run = mflow.pipelineTask(id);
                done = MflowClient.TERMINAL.contains(run.get("stage").asString()) ? run : null;
                Thread.sleep(50);
            }

            assertThat(done).isNotNull();
            assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
            assertThat(ledger.lines()).containsExactlyInAnyOrder("d1", "d2", "l1", "l2", "l3");
            assertThat(mostAtOnce.get("builder-a")).isLessThanOrEqualTo(1);
            assertThat(mostAtOnce.get("builder-b")).isLessThanOrEqualTo(2);
            for (String docked : List.of("d1", "d2")) {
                assertThat(ranOn.getOrDefault(jobTask(done, docked).get("id").asString(), java.util.Set.of()))
                        .as(docked + " needs docker").isSubsetOf("builder-a");
            }
            JsonNode listed = runner.get("/api/v1/agents");
            assertThat(listed.toString()).contains("\"name\":\"builder-b\"", "\"tags\":[\"linux\"]", "\"version\":\"0.1.0\"",
                    "\"alive\":true");
            assertThat(new MflowClient(engine.baseUri(Service.RUNNER), token).status("GET", "/api/v1/agents"))
                    .as("an agent token reads nothing").isEqualTo(403);
            JsonNode impostor = new MflowClient(engine.baseUri(Service.RUNNER), agentToken("intruders-" + ledger.name))
                    .post("/api/v1/agents/builder-a/heartbeat", Map.of("tags", List.of("docker")), 409);
            assertThat(impostor.get("detail").asString()).contains("agent builder-a is agents-" + ledger.name + "'s");

            // a job no agent can take waits, saying for what
            String gpu = agentJob("gpu-" + ledger.name, "true", ledger, List.of("gpu"));
            String waiting = mflow.post("/api/v1/pipelines/" + pipeline("gpu-" + ledger.name,
                    List.of(stage("only", false, task("train", gpu)))) + "/runs", Map.of(), 201).get("id").asString();
            String train = jobTask(mflow.pipelineTask(waiting), "train").get("id").asString();
            JsonNode scheduled = awaitJobTask(train, t -> t.get("stage").asString().equals("SCHEDULING"));
            assertThat(scheduled.get("message").asString()).isEqualTo("waiting for an agent with tags gpu");
            mflow.post("/api/v1/pipeline-tasks/" + waiting + "/cancel", Map.of(), 202);
            assertThat(mflow.awaitFinished(waiting, RUN_TIMEOUT).get("stage").asString()).isEqualTo("CANCELED");
        }
    }

    @Test
    void anAgentKilledMidJobHasItsAttemptEndedLostRetriedOnAnotherAgentAndItsLateReportRefused() throws Exception {
        Ledger ledger = new Ledger("killed");
        String token = agentToken("agents-" + ledger.name);
        MflowClient runner = new MflowClient(engine.baseUri(Service.RUNNER), engine.adminToken());
        String job = agentJob("cuda-" + ledger.name,
                "echo \"$TASK_NAME\" >> \"$LEDGER\"; sleep 2; echo MODEL=v9 >> \"$MFLOW_OUTPUT\"", ledger, List.of("cuda"));
        String pipeline = pipeline("killed-" + ledger.name, List.of(stage("only", false, task("train", job))));
        try (AgentProcess first = new AgentProcess(home(), dir, engine.baseUri(Service.RUNNER), token, "cuda-1", "cuda", 1)) {
            awaitAgents(runner, "cuda-1");
            String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
            String train = jobTask(mflow.pipelineTask(id), "train").get("id").asString();
            awaitJobTask(train, t -> t.get("stage").asString().equals("ACTIVE"));

            first.kill();
            try (AgentProcess second = new AgentProcess(home(), dir, engine.baseUri(Service.RUNNER), token, "cuda-2", "cuda", 1)) {
                JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);

                assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
                assertThat(done.get("outputs").get("MODEL").asString()).isEqualTo("v9");
                JsonNode task = mflow.get("/api/v1/job-tasks/" + train);
                assertThat(task.get("attempts").get(0).get("stage").asString()).isEqualTo("FAILED");
                assertThat(task.get("attempts").get(0).get("message").asString())
                        .contains("agent cuda-1 sent nothing for 3 s");
                assertThat(task.get("attempts").get(1).get("stage").asString()).isEqualTo("SUCCEEDED");
                // the first agent comes back and reports the end of the attempt that was given up on
                JsonNode late = new MflowClient(engine.baseUri(Service.RUNNER), token).post(
                        "/api/v1/agents/cuda-1/finished", Map.of("attemptId", train + "#1", "exitCode", 0), 409);
                assertThat(late.get("detail").asString()).contains("LOST", "this report is refused");
                assertThat(mflow.get("/api/v1/job-tasks/" + train).get("attempts").get(0).get("stage").asString())
                        .isEqualTo("FAILED");
            }
        }
    }

    /**
     * The reference repository's own pipeline and jobs, as its teams keep them (see
     * task-service/src/test/resources/reference): imported as YAML, listed, exported and read back unchanged, and run
     * as the Kubernetes Jobs they are, on the test's kubelet, with the run's params filling their {@code ${NAME}}s.
     */
    @Test
    void theReferencesOwnDocumentsAreImportedListedExportedAndRunEndToEnd() throws Exception {
        Path reference = home().resolve("task-service/src/test/resources/reference");
        JsonNode build = mflow.post("/api/v1/jobs", "application/yaml",
                Files.readString(reference.resolve("docker_build.yml")), 201);
        JsonNode deploy = mflow.post("/api/v1/jobs", "application/yaml",
                Files.readString(reference.resolve("docker_deploy.yml")), 201);
        JsonNode pipeline = mflow.post("/api/v1/pipelines", "application/yaml",
                Files.readString(reference.resolve("image_build_deploy.yml")), 201);

        assertThat(build.get("runnerType").asString()).isEqualTo("K8S_JOB");
        assertThat(build.get("version").asString()).isEqualTo("v1");
        assertThat(build.get("warnings").toString()).contains("display_name: mflow shows a job by its name");
        assertThat(deploy.get("name").asString()).isEqualTo("docker_deploy");
        assertThat(pipeline.get("warnings").toString()).contains("stages[0].jobs[0].extension");
        String id = pipeline.get("id").asString();
        assertThat(mflow.get("/api/v1/pipelines?size=100").toString()).contains("\"name\":\"image_build_deploy\"");
        assertThat(mflow.get("/api/v1/jobs?size=100&label=Language=*").toString())
                .contains("\"name\":\"docker_build\"", "\"name\":\"docker_deploy\"");

        String exported = mflow.getAs("/api/v1/pipelines/" + id, "application/yaml");
        assertThat(exported).contains("job_name: docker_build@default.default:v1", "${GIT_BRANCH}");
        JsonNode again = mflow.post("/api/v1/pipelines", "application/yaml",
                exported.replace("name: image_build_deploy", "name: image_build_deploy_again"), 201);
        assertThat(again.get("stages")).isEqualTo(pipeline.get("stages"));
        assertThat(again.has("warnings")).as(again.toString()).isFalse();
        String exportedJob = mflow.getAs("/api/v1/jobs/" + build.get("id").asString(), "application/yaml");
        assertThat(exportedJob).contains("value_type: ENUM", "search_label: true", "runner_spec: |");

        JsonNode run = mflow.post("/api/v1/pipelines/" + id + "/runs", Map.of("params", List.of(
                Map.of("name", "GIT_SSH_URL", "value", "git@github.com:infraboard/mflow.git"),
                Map.of("name", "GIT_BRANCH", "value", "master"),
                Map.of("name", "GIT_COMMIT_ID", "value", "32d63566098f7e0b0ac3a3d8ddffe71cc6cad7b0"),
                Map.of("name", "IMAGE_REPOSITORY", "value", "registry.example/mflow"),
                Map.of("name", "APP_VERSION", "value", "v0.0.5"),
                Map.of("name", "_DEPLOY_ID", "value", "deploy01"),
                Map.of("name", "kube_config", "value", "apiVersion: v1 # a cluster of the team's"))), 201);
        JsonNode done = mflow.awaitFinished(run.get("id").asString(), RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode built = mflow.get("/api/v1/job-tasks/" + jobTask(done, "容器镜像构建").get("id").asString());
        assertThat(built.get("jobVersion").asString()).isEqualTo("v1");
        assertThat(built.toString()).contains("\"GIT_BRANCH\"", "\"master\"", "K8S_JOB@")
                .doesNotContain("a cluster of the team's");
        Job created = kubelet.jobs().stream().filter(j -> j.getMetadata().getAnnotations()
                .get("mflow.io/job-task-id").equals(built.get("id").asString())).findFirst().orElseThrow();
        assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("gcr.lank8s.cn/kaniko-project/executor:v1.22.0-debug");
    }

    @Test
    void aPipelineRunsItsStagesOnLocalAgentAndKubernetesRunnersWithOutputsFlowingAndEveryLogReadable() throws Exception {
        Ledger ledger = new Ledger("runners");
        String build = job("version-" + ledger.name, "echo \"versioning\"; echo APP_VERSION=3.1.0 >> \"$MFLOW_OUTPUT\"",
                ledger, List.of());
        String image = mflow.post("/api/v1/jobs", Map.of("name", "image-" + ledger.name, "runnerType", "K8S_JOB",
                "runnerSpec", """
                        apiVersion: batch/v1
                        kind: Job
                        metadata: {name: kaniko}
                        spec:
                          backoffLimit: 0
                          template:
                            spec:
                              restartPolicy: Never
                              containers:
                                - name: build-and-push
                                  image: gcr.io/kaniko-project/executor:${kaniko_tag}
                                  args: ["--destination=registry.example/app:${APP_VERSION}"]
                        """,
                "params", List.of(Map.of("name", "kaniko_tag", "value", "v1.23.2-debug"),
                        Map.of("name", "APP_VERSION", "required", true))), 201).get("id").asString();
        String test = mflow.post("/api/v1/jobs", Map.of("name", "test-" + ledger.name, "runnerType", "AGENT",
                "agentTags", List.of("e2e"), "runnerSpec",
                "echo \"testing $IMAGE\"; echo \"$TASK_NAME $IMAGE\" >> \"$LEDGER\"; echo TESTED=yes >> \"$MFLOW_OUTPUT\"",
                "params", List.of(Map.of("name", "IMAGE", "required", true),
                        Map.of("name", "LEDGER", "value", ledger.file.toString()))), 201).get("id").asString();
        String deploy = job("deploy-" + ledger.name,
                "echo \"deploying $IMAGE\"; echo \"$TASK_NAME $IMAGE $TESTED\" >> \"$LEDGER\"", ledger,
                List.of(Map.of("name", "IMAGE", "required", true), Map.of("name", "TESTED", "required", true)));
        String pipeline = pipeline("runners-" + ledger.name, List.of(
                stage("version", false, task("version", build)),
                stage("image", false, task("image", image)),
                stage("test", false, task("test", test)),
                stage("deploy", false, task("deploy", deploy))));
        MflowClient runner = new MflowClient(engine.baseUri(Service.RUNNER), engine.adminToken());

        try (AgentProcess agent = new AgentProcess(home(), dir, engine.baseUri(Service.RUNNER),
                agentToken("agents-" + ledger.name), "e2e-agent", "linux,e2e", 1)) {
            awaitAgents(runner, "e2e-agent");
            String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
            JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);

            assertThat(done.get("stage").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(ledger.lines()).containsExactly("test registry.example/app:3.1.0",
                    "deploy registry.example/app:3.1.0 yes");
            JsonNode imageTask = mflow.get("/api/v1/job-tasks/" + jobTask(done, "image").get("id").asString());
            assertThat(imageTask.toString()).contains("K8S_JOB@");
            assertThat(mflow.get("/api/v1/job-tasks/" + jobTask(done, "test").get("id").asString()).toString())
                    .contains("AGENT@", "running on agent e2e-agent");
            Job created = kubelet.jobs().stream().filter(j -> j.getMetadata().getAnnotations().get("mflow.io/job-task-id")
                    .equals(imageTask.get("id").asString())).findFirst().orElseThrow();
            assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("gcr.io/kaniko-project/executor:v1.23.2-debug");
            Map<String, String> logs = Map.of(
                    "version", "versioning\n",
                    "image", "pushing registry.example/app:3.1.0\ntoken <from secret " + created.getMetadata().getName()
                            + ">\ndone\n",
                    "test", "testing registry.example/app:3.1.0\n",
                    "deploy", "deploying registry.example/app:3.1.0\n");
            for (Map.Entry<String, String> expected : logs.entrySet()) {
                String path = "/api/v1/job-tasks/" + jobTask(done, expected.getKey()).get("id").asString() + "/log";
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).alias(expected.getKey())
                        .until(() -> mflow.getRaw(path).equals(expected.getValue()));
            }
        }
    }

    @Test
    void anOutputOfStageOneReachesStageThreeAndAnIgnoredFailureDoesNotStopThePipeline() throws Exception {
        Ledger ledger = new Ledger("ignored");
        String pipeline = threeStagePipeline(ledger, true);

        JsonNode run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201);
        JsonNode done = mflow.awaitFinished(run.get("id").asString(), RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(jobTask(done, "flaky").get("stage").asString()).isEqualTo("FAILED");
        assertThat(jobTask(done, "deploy").get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(ledger.lines()).containsExactlyInAnyOrder("build", "lint", "test", "flaky", "deploy 1.4.2");
        assertThat(done.get("outputs").get("APP_VERSION").asString()).isEqualTo("1.4.2");
        // the deploy task shows the value it ran with, which only build's output gave it; its plan had none
        JsonNode deployed = awaitJobTask(jobTask(done, "deploy").get("id").asString(),
                t -> t.path("ranWith").isArray());
        assertThat(paramValue(deployed.get("ranWith"), "APP_VERSION")).isEqualTo("1.4.2");
        assertThat(paramValue(deployed.get("ranWith"), "JOB_TASK_UPDATE_TOKEN")).isEqualTo("******");
        assertThat(paramValue(deployed.get("params"), "APP_VERSION")).isNull();
    }

    private static String paramValue(JsonNode params, String name) {
        for (JsonNode param : params) {
            if (name.equals(param.path("name").asString())) {
                return param.path("value").isNull() ? null : param.path("value").asString();
            }
        }
        throw new AssertionError("no param " + name + " in " + params);
    }

    @Test
    void aFailureThatIsNotIgnoredFailsThePipelineAndStageThreeNeverStarts() throws Exception {
        Ledger ledger = new Ledger("failed");
        String pipeline = threeStagePipeline(ledger, false);

        JsonNode run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201);
        String id = run.get("id").asString();
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);
        awaitStageTwoSettled(id);

        assertThat(done.get("stage").asString()).isEqualTo("FAILED");
        assertThat(done.get("message").asString()).contains("flaky");
        assertThat(jobTask(mflow.pipelineTask(id), "deploy").get("stage").asString()).isEqualTo("PENDING");
        assertThat(ledger.lines()).containsExactlyInAnyOrder("build", "lint", "test", "flaky");
    }

    @Test
    void killingPipelineAndRunnerServicesMidRunStillRunsEveryJobExactlyOnce() throws Exception {
        Ledger ledger = new Ledger("crash");
        String slow = job("slow-" + ledger.name, "sleep 3; echo \"$TASK_NAME\" >> \"$LEDGER\"", ledger, List.of());
        String quick = job("quick-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"", ledger, List.of());
        String pipeline = pipeline("crash", List.of(
                stage("first", false, task("one", quick)),
                stage("second", true, task("two-a", slow), task("two-b", slow)),
                stage("third", false, task("three", quick))));

        JsonNode run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201);
        String id = run.get("id").asString();
        mflow.awaitJobTaskIn(id, "ACTIVE", RUN_TIMEOUT);  // a job of stage two runs (stage one is quick)
        engine.kill(Service.PIPELINE);
        engine.kill(Service.RUNNER);
        engine.restart(Service.PIPELINE);
        engine.restart(Service.RUNNER);
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(ledger.lines()).containsExactlyInAnyOrder("one", "two-a", "two-b", "three");
    }

    @Test
    void aSensitiveValueReachesTheJobButNeverAnApiResponseOrALog() throws Exception {
        Ledger ledger = new Ledger("secret");
        String secret = "s3cr3t-" + UUID.randomUUID();
        String job = job("secret-" + ledger.name, "echo \"got $PASSWORD\" >> \"$LEDGER\"", ledger,
                List.of(Map.of("name", "PASSWORD", "required", true, "sensitive", true)));
        String pipeline = pipeline("secret", List.of(stage("only", false, task("use-secret", job))));

        JsonNode run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs",
                Map.of("params", List.of(Map.of("name", "PASSWORD", "value", secret))), 201);
        String id = run.get("id").asString();
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(ledger.lines()).containsExactly("got " + secret);
        String jobTaskId = jobTask(done, "use-secret").get("id").asString();
        assertThat(mflow.getRaw("/api/v1/job-tasks/" + jobTaskId)).doesNotContain(secret);
        assertThat(mflow.getRaw("/api/v1/pipeline-tasks/" + id)).doesNotContain(secret);
        try (var logs = Files.list(engine.settings().dataDir().resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(secret);
            }
        }
        assertThat(TopicReader.allValues(engine.kafkaClient(KafkaPrincipals.READER))).isNotEmpty()
                .allSatisfy(value -> assertThat(new String(value, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .doesNotContain(secret));
    }

    /**
     * Sensitive values sealed at rest for their job (a default) and their pipeline task (a value it gives) move into
     * each job task: opened where they were stored and sealed again for the task, they reach every job of the run.
     */
    @Test
    void sensitiveValuesOfAJobAndOfItsPipelineTasksReachEachJobTheyWereMovedTo() throws Exception {
        Ledger ledger = new Ledger("moved");
        String fromJob = "job-default-" + UUID.randomUUID();
        String job = job("moved-" + ledger.name, "echo \"$TASK_NAME $DEFAULT_SECRET $TASK_SECRET\" >> \"$LEDGER\"", ledger,
                List.of(Map.of("name", "DEFAULT_SECRET", "value", fromJob, "sensitive", true),
                        Map.of("name", "TASK_SECRET", "required", true, "sensitive", true)));
        Map<String, Object> first = task("first", job);
        first.put("params", List.of(Map.of("name", "TASK_SECRET", "value", "of-first")));
        Map<String, Object> second = task("second", job);
        second.put("params", List.of(Map.of("name", "TASK_SECRET", "value", "of-second")));
        String pipeline = pipeline("moved", List.of(stage("one", false, first), stage("two", false, second)));

        JsonNode done = mflow.awaitFinished(mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201)
                .get("id").asString(), RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(ledger.lines()).containsExactly("first " + fromJob + " of-first", "second " + fromJob + " of-second");
    }

    @Test
    void aDryRunGoesThroughEveryStageAndRunsNothing() throws Exception {
        Ledger ledger = new Ledger("dry");
        String noisy = job("noisy-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"; exit 1", ledger, List.of());
        String pipeline = pipeline("dry", List.of(
                stage("first", false, task("one", noisy)),
                stage("second", true, task("two-a", noisy), task("two-b", noisy))));

        JsonNode run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of("dryRun", true), 201);
        JsonNode done = mflow.awaitFinished(run.get("id").asString(), RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("dryRun").asBoolean()).isTrue();
        for (String name : List.of("one", "two-a", "two-b")) {
            assertThat(jobTask(done, name).get("stage").asString()).isEqualTo("SUCCEEDED");
        }
        assertThat(ledger.lines()).isEmpty();
    }

    @Test
    void subscribersHearOfTheChangesTheyAskedForAndTheResultsAreShownOnTheTasks() throws Exception {
        Ledger ledger = new Ledger("webhook");
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> runBodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes()));
            tokens.add(exchange.getRequestHeaders().getFirst("X-Hook-Token"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/run", exchange -> {
            runBodies.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            mflow.post("/api/v1/users", Map.of("name", "mona", "email", "mona@example.com",
                    "roles", List.of("VIEWER")), 201);
            String hooks = "http://127.0.0.1:" + receiver.getAddress().getPort();
            String job = job("hooked-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"", ledger, List.of());
            Map<String, Object> task = task("hooked", job);
            task.put("webhooks", List.of(Map.of("url", hooks + "/hook",
                    "events", List.of("succeeded"), "headers", Map.of("X-Hook-Token", "hook-secret"))));
            task.put("mentions", List.of(Map.of("user", "mona", "events", List.of("SUCCEEDED"))));
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("name", "webhook-" + ledger.name);
            body.put("stages", List.of(stage("only", false, task)));
            body.put("webhooks", List.of(Map.of("url", hooks + "/run", "events", List.of("SUCCEEDED"))));
            mflow.post("/api/v1/pipelines", Map.of("name", "refused-" + ledger.name, "stages",
                    List.of(stage("only", false, task("t", job))), "webhooks",
                    List.of(Map.of("url", "http://169.254.169.254/latest/meta-data/"))), 400);
            String pipeline = mflow.post("/api/v1/pipelines", body, 201).get("id").asString();

            JsonNode run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201);
            JsonNode done = mflow.awaitFinished(run.get("id").asString(), RUN_TIMEOUT);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !bodies.isEmpty() && !runBodies.isEmpty() && smtp.getReceivedMessages().length > 0);

            assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
            String jobTaskId = jobTask(done, "hooked").get("id").asString();
            assertThat(bodies).hasSize(1);
            assertThat(bodies.get(0)).contains("\"stage\":\"SUCCEEDED\"").contains(jobTaskId)
                    .contains("\"link\":\"" + engine.baseUri(Service.TASK) + "/api/v1/job-tasks/" + jobTaskId + "\"");
            assertThat(tokens).containsExactly("hook-secret");
            assertThat(runBodies).singleElement().satisfies(b -> assertThat(b)
                    .contains("\"type\":\"pipeline_task.stage_changed\"").contains("\"stage\":\"SUCCEEDED\""));
            jakarta.mail.internet.MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("mona@example.com");
            assertThat(mail.getSubject()).contains("hooked").contains("SUCCEEDED");

            // every delivery's result is shown on the task it told of, through task-service's API
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> mflow.get("/api/v1/job-tasks/" + jobTaskId).path("deliveries").size() == 2);
            JsonNode deliveries = mflow.get("/api/v1/job-tasks/" + jobTaskId).get("deliveries");
            assertThat(deliveries).extracting(d -> d.get("channel").asString())
                    .containsExactlyInAnyOrder("GENERIC", "EMAIL");
            assertThat(deliveries).allSatisfy(d -> assertThat(d.get("state").asString()).isEqualTo("DELIVERED"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    mflow.get("/api/v1/pipeline-tasks/" + run.get("id").asString()).path("deliveries").size() == 1);

            // notify-service checks the caller's API token with task-service
            MflowClient notify = new MflowClient(engine.baseUri(Service.NOTIFY), engine.adminToken());
            assertThat(notify.get("/api/v1/deliveries?jobTaskId=" + jobTaskId)).hasSize(2);
            assertThat(notify.get("/api/v1/notify/endpoints")).as("only endpoints that failed are listed").isEmpty();
            assertThat(notify.status("POST", "/api/v1/notify/endpoints/ep-unknown/enable")).isEqualTo(404);
            MflowClient viewer = userClient("vic-" + ledger.name);
            assertThat(new MflowClient(engine.baseUri(Service.NOTIFY), viewer.token())
                    .status("GET", "/api/v1/notify/endpoints")).as("endpoints are for admins").isEqualTo(403);
            assertThat(new MflowClient(engine.baseUri(Service.NOTIFY), "mflow_not-a-token")
                    .status("GET", "/api/v1/deliveries?jobTaskId=" + jobTaskId)).isEqualTo(401);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aTokenRevokedAtTaskServiceIsRefusedByEveryServiceAtOnce() throws Exception {
        mflow.post("/api/v1/users", Map.of("name", "otto", "roles", List.of("VIEWER")), 201);
        JsonNode issued = mflow.post("/api/v1/users/otto/tokens", Map.of("name", "e2e"), 201);
        String otto = issued.get("token").asString();
        for (Service service : Service.values()) {
            MflowClient asOtto = new MflowClient(engine.baseUri(service), otto);
            assertThat(asOtto.status("GET", "/actuator/prometheus")).as(service + " prometheus").isEqualTo(200);
            assertThat(asOtto.status("GET", "/actuator/env")).as(service + " env").isEqualTo(403);
            assertThat(new MflowClient(engine.baseUri(service), null).status("GET", "/actuator/prometheus"))
                    .as(service + " without a token").isEqualTo(401);
        }
        mflow.delete("/api/v1/users/otto/tokens/" + issued.get("id").asString(), 204);
        for (Service service : Service.values()) {
            assertThat(new MflowClient(engine.baseUri(service), otto).status("GET", "/actuator/prometheus"))
                    .as(service + " after the revoke").isEqualTo(401);
        }
    }

    @Test
    void anAuditedTaskRunsOnlyOnceApprovedAndTheRunGoesOnOnlyOnceItsResultIsConfirmed() throws Exception {
        Ledger ledger = new Ledger("gates");
        String echo = job("echo-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"", ledger, List.of());
        Map<String, Object> deploy = task("deploy", echo);
        deploy.put("audit", Map.of("auditors", List.of("alice")));
        deploy.put("confirm", Map.of("checkers", List.of("carol")));
        String pipeline = pipeline("gated-" + ledger.name, List.of(stage("build", false, task("build", echo)),
                stage("release", false, deploy), stage("verify", false, task("smoke", echo))));
        MflowClient alice = userClient("alice");
        MflowClient carol = userClient("carol");

        String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        String deployId = jobTask(mflow.pipelineTask(id), "deploy").get("id").asString();
        JsonNode waiting = awaitJobTask(deployId, t -> t.path("audit").path("stage").asString().equals("WAITING"));
        assertThat(waiting.get("stage").asString()).isEqualTo("PENDING");
        assertThat(ledger.lines()).containsExactly("build");
        carol.post("/api/v1/job-tasks/" + deployId + "/audit", Map.of("decision", "PASS"), 403);

        alice.post("/api/v1/job-tasks/" + deployId + "/audit", Map.of("decision", "PASS"), 200);
        JsonNode ended = awaitJobTask(deployId, t -> t.path("confirm").path("stage").asString().equals("WAITING"));
        assertThat(ended.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(mflow.pipelineTask(id).get("stage").asString()).as("the run holds for its checker")
                .isEqualTo("ACTIVE");
        assertThat(ledger.lines()).containsExactly("build", "deploy");

        carol.post("/api/v1/job-tasks/" + deployId + "/confirm", Map.of("decision", "PASS", "comment", "canary green"),
                200);
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);
        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(ledger.lines()).containsExactly("build", "deploy", "smoke");
        JsonNode decided = mflow.get("/api/v1/job-tasks/" + deployId);
        assertThat(decided.path("audit").path("decisions").get(0).path("by").asString()).isEqualTo("alice");
        assertThat(decided.path("confirm").path("decisions").get(0).path("comment").asString())
                .isEqualTo("canary green");
    }

    @Test
    void cancelingOneRunningJobStopsItsProcessAndCancelsTheRun() throws Exception {
        Ledger ledger = new Ledger("cancel-one");
        String slow = job("slow-" + ledger.name, "echo started >> \"$LEDGER\"; sleep 60; echo finished >> \"$LEDGER\"",
                ledger, List.of());
        String echo = job("echo-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"", ledger, List.of());
        String pipeline = pipeline("cancel-one-" + ledger.name, List.of(stage("work", false, task("slow", slow)),
                stage("after", false, task("after", echo))));
        String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        String slowId = jobTask(mflow.pipelineTask(id), "slow").get("id").asString();
        awaitJobTask(slowId, t -> t.get("stage").asString().equals("ACTIVE") && ledger.exists());

        JsonNode canceling = mflow.post("/api/v1/job-tasks/" + slowId + "/cancel", Map.of("reason", "not today"), 202);
        assertThat(canceling.get("stage").asString()).isEqualTo("CANCELING");
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("CANCELED");
        assertThat(jobTask(done, "slow").get("stage").asString()).isEqualTo("CANCELED");
        assertThat(jobTask(done, "after").get("stage").asString()).as("the run's cancel takes the rest with it")
                .isEqualTo("CANCELED");
        assertThat(ledger.lines()).as("the job was killed, and the next never ran").containsExactly("started");
    }

    @Test
    void aJobRunOnItsOwnWaitsForItsAuditorThenRunsAndReportsItsOutputs() throws Exception {
        Ledger ledger = new Ledger("single");
        String build = job("single-" + ledger.name,
                "echo \"$TASK_NAME $GOAL\" >> \"$LEDGER\"; echo VERSION=2.0 >> \"$MFLOW_OUTPUT\"", ledger,
                List.of(Map.of("name", "GOAL", "value", "test")));
        MflowClient hank = userClient("hank");

        JsonNode created = mflow.post("/api/v1/job-tasks", Map.of("job", build,
                "params", List.of(Map.of("name", "GOAL", "value", "release")),
                "audit", Map.of("auditors", List.of("hank"))), 201);
        String id = created.get("id").asString();
        awaitJobTask(id, t -> t.path("audit").path("stage").asString().equals("WAITING"));
        assertThat(ledger.lines()).isEmpty();

        hank.post("/api/v1/job-tasks/" + id + "/audit", Map.of("decision", "PASS"), 200);
        JsonNode done = awaitJobTask(id, t -> MflowClient.TERMINAL.contains(t.get("stage").asString()));
        assertThat(done.get("stage").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("outputs").get("VERSION").asString()).isEqualTo("2.0");
        assertThat(ledger.lines()).containsExactly("single-single release");
    }

    @Test
    void skippingTheTaskThatFailedARunResumesItAndTheLaterStagesRun() throws Exception {
        Ledger ledger = new Ledger("skip");
        String pipeline = threeStagePipeline(ledger, false);
        String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        JsonNode failed = mflow.awaitFinished(id, RUN_TIMEOUT);
        assertThat(failed.get("stage").asString()).isEqualTo("FAILED");
        awaitStageTwoSettled(id);
        String flaky = jobTask(failed, "flaky").get("id").asString();

        mflow.post("/api/v1/job-tasks/" + flaky + "/skip", Map.of(), 400);
        JsonNode skipped = mflow.post("/api/v1/job-tasks/" + flaky + "/skip", Map.of("reason", "known flake"), 200);
        assertThat(skipped.get("stage").asString()).isEqualTo("SKIPPED");
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT, "SUCCEEDED");

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(jobTask(done, "deploy").get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(ledger.lines()).containsExactlyInAnyOrder("build", "lint", "test", "flaky", "deploy 1.4.2");
        mflow.post("/api/v1/job-tasks/" + flaky + "/skip", Map.of("reason", "again"), 409);
    }

    @Test
    void retryingTheTaskThatFailedARunWithNewParamsResumesItFromThere() throws Exception {
        Ledger ledger = new Ledger("retry");
        String echo = job("echo-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"", ledger, List.of());
        String picky = job("picky-" + ledger.name, "echo \"$TASK_NAME $MODE\" >> \"$LEDGER\"; test \"$MODE\" = ok",
                ledger, List.of(Map.of("name", "MODE", "value", "broken")));
        String pipeline = pipeline("retry-" + ledger.name, List.of(stage("build", false, task("build", echo)),
                stage("check", false, task("picky", picky)), stage("ship", false, task("ship", echo))));
        String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        assertThat(mflow.awaitFinished(id, RUN_TIMEOUT).get("stage").asString()).isEqualTo("FAILED");
        String pickyId = jobTask(mflow.pipelineTask(id), "picky").get("id").asString();

        JsonNode retried = mflow.post("/api/v1/job-tasks/" + pickyId + "/retry", Map.of("reason", "mode fixed",
                "params", List.of(Map.of("name", "MODE", "value", "ok"))), 202);
        assertThat(retried.get("attempt").asInt()).isEqualTo(2);
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT, "SUCCEEDED");

        assertThat(ledger.lines()).containsExactly("build", "picky broken", "picky ok", "ship");
        JsonNode picked = mflow.get("/api/v1/job-tasks/" + pickyId);
        assertThat(picked.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(picked.get("attempts").get(0).get("stage").asString()).isEqualTo("FAILED");
        assertThat(picked.get("attempts").get(1).get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("message").asString()).isNotBlank();
    }

    @Test
    void aJobPastItsTimeoutIsStoppedAndFails() throws Exception {
        Ledger ledger = new Ledger("timeout");
        mflow.post("/api/v1/jobs", Map.of("name", "bad-timeout", "runnerSpec", "true", "timeout", "soon"), 400);
        String sleepy = mflow.post("/api/v1/jobs", Map.of("name", "sleepy-" + ledger.name, "runnerType", "LOCAL",
                "runnerSpec", "echo started >> \"$LEDGER\"; sleep 60; echo finished >> \"$LEDGER\"",
                "timeout", "PT1H", "params", List.of(Map.of("name", "LEDGER", "value", ledger.file.toString()))), 201)
                .get("id").asString();
        Map<String, Object> quick = task("sleepy", sleepy);
        quick.put("timeout", "PT2S");
        String pipeline = pipeline("timeout-" + ledger.name, List.of(stage("only", false, quick)));

        String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("FAILED");
        JsonNode task = jobTask(done, "sleepy");
        assertThat(task.get("stage").asString()).isEqualTo("FAILED");
        assertThat(task.get("message").asString()).isEqualTo("timed out after PT2S");
        Thread.sleep(1000);
        assertThat(ledger.lines()).as("the task's timeout won over its job's, and the job was stopped")
                .containsExactly("started");
    }

    @Test
    void aJobThatFailsIsRetriedAsItsPolicySaysAfterItsBackOffUnlessItsTaskSaysOtherwise() throws Exception {
        Ledger ledger = new Ledger("policy");
        mflow.post("/api/v1/jobs", Map.of("name", "bad-retry", "runnerSpec", "true",
                "retry", Map.of("limit", 2, "on", List.of("SOMETIMES"))), 400);
        String flaky = mflow.post("/api/v1/jobs", Map.of("name", "flaky-" + ledger.name, "runnerType", "LOCAL",
                "runnerSpec", "m=\"$LEDGER.$TASK_NAME\"; if [ -e \"$m\" ]; then echo \"$TASK_NAME ok\" >> \"$LEDGER\";"
                        + " else touch \"$m\"; echo \"$TASK_NAME fails\" >> \"$LEDGER\"; exit 3; fi",
                "retry", Map.of("limit", 2, "backoff", "PT1S", "on", List.of("FAILED")),
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.file.toString()))), 201)
                .get("id").asString();
        Map<String, Object> strict = task("strict", flaky);
        strict.put("retry", Map.of("limit", 0));
        strict.put("ignoreFailed", true);
        String pipeline = pipeline("policy-" + ledger.name, List.of(stage("only", true, task("flaky", flaky), strict)));

        String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(ledger.lines()).containsExactlyInAnyOrder("flaky fails", "strict fails", "flaky ok");
        JsonNode retried = mflow.get("/api/v1/job-tasks/" + jobTask(done, "flaky").get("id").asString());
        assertThat(retried.get("attempt").asInt()).isEqualTo(2);
        JsonNode first = retried.get("attempts").get(0);
        JsonNode second = retried.get("attempts").get(1);
        assertThat(first.get("stage").asString()).isEqualTo("FAILED");
        assertThat(first.get("exitCode").asInt()).isEqualTo(3);
        assertThat(first.get("runner").asString()).startsWith("LOCAL@");
        assertThat(first.get("retriedBy").asString()).isEqualTo("mflow");
        assertThat(first.get("retryReason").asString()).isEqualTo("exit code 3; retry 1 of 2 after PT1S");
        assertThat(second.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(second.get("exitCode").asInt()).isZero();
        assertThat(java.time.Duration.between(java.time.Instant.parse(first.get("finishedAt").asString()),
                java.time.Instant.parse(second.get("startedAt").asString()))).as("the back-off, in %s", retried)
                .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(900));
        JsonNode notRetried = mflow.get("/api/v1/job-tasks/" + jobTask(done, "strict").get("id").asString());
        assertThat(notRetried.get("stage").asString()).isEqualTo("FAILED");
        assertThat(notRetried.get("attempts")).hasSize(1);
        assertThat(notRetried.get("retry").get("limit").asInt()).isZero();
    }

    @Test
    void aDryRunShowsAParamThatOnlyAnEarlierJobsOutputFillsInsteadOfFailing() throws Exception {
        Ledger ledger = new Ledger("dry-output");
        String pipeline = threeStagePipeline(ledger, true);

        JsonNode run = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of("dryRun", true), 201);
        JsonNode done = mflow.awaitFinished(run.get("id").asString(), RUN_TIMEOUT);

        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        assertThat(jobTask(done, "deploy").get("message").asString())
                .isEqualTo("dry run: nothing ran; APP_VERSION from output of build or lint or test or flaky");
        assertThat(jobTask(done, "build").get("message").asString()).isEqualTo("dry run: nothing ran");
        assertThat(ledger.lines()).isEmpty();
    }

    @Test
    void aJobsOutputCanBeReadMaskedWhileItRunsAndAfterItsWorkDirIsGone() throws Exception {
        Ledger ledger = new Ledger("log");
        String job = job("talker-" + ledger.name, "echo \"step one\"; echo \"token is $API_KEY\" >&2; sleep 2;"
                        + " echo \"step two\"", ledger,
                List.of(Map.of("name", "API_KEY", "value", "key-9876543210", "sensitive", true)));
        String pipeline = pipeline("log-" + ledger.name, List.of(stage("only", false, task("talker", job))));
        String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        String talker = jobTask(mflow.pipelineTask(id), "talker").get("id").asString();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> mflow.getRaw("/api/v1/job-tasks/" + talker + "/log").contains("step one"));
        assertThat(mflow.getRaw("/api/v1/job-tasks/" + talker + "/log")).as("read while the job still runs")
                .doesNotContain("step two");
        assertThat(mflow.awaitFinished(id, RUN_TIMEOUT).get("stage").asString()).isEqualTo("SUCCEEDED");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> mflow.getRaw("/api/v1/job-tasks/" + talker + "/log").contains("step two"));

        if (!engine.jobsDir().startsWith(dir.resolve("data"))) {
            // run as root, the engine runs jobs as users of their own, and the runner deletes their work dirs itself
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                try (var dirs = Files.list(engine.jobsDir())) {
                    return dirs.noneMatch(d -> d.getFileName().toString().startsWith(talker));
                }
            });
        } else {
            try (var dirs = Files.list(dir.resolve("data").resolve("runner"))) {
                List<Path> workDirs = dirs.filter(d -> d.getFileName().toString().startsWith(talker)).toList();
                assertThat(workDirs).as("the job's work dir, to delete").isNotEmpty();
                for (Path workDir : workDirs) {
                    try (var files = Files.walk(workDir)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
        }
        assertThat(mflow.getRaw("/api/v1/job-tasks/" + talker + "/log"))
                .isEqualTo("step one\ntoken is ******\nstep two\n");
    }

    // ---- fixtures: the three-stage pipeline of the issue ----

    @Test
    void aManualStatusJobWaitsForAnOutsideReportWhichEndsItAndTheNextStageUsesItsProcessOutput() throws Exception {
        Ledger ledger = new Ledger("manual-status");
        // The process "starts a rollout": it leaves its outputs and tells the test where and how to report.
        String rollout = mflow.post("/api/v1/jobs", Map.of("name", "rollout-" + ledger.name, "runnerType", "LOCAL",
                "manualStatus", true, "timeout", "PT5M", "runnerSpec",
                "echo \"$TASK_NAME\" >> \"$LEDGER\"; env | grep '^MFLOW_' | grep -v TOKEN > \"$LEDGER.env\";"
                        + " printf %s \"$MFLOW_UPDATE_TOKEN\" > \"$LEDGER.token\";"
                        + " echo APP_VERSION=7.0.1 >> \"$MFLOW_OUTPUT\"; echo URL=http://old >> \"$MFLOW_OUTPUT\"",
                "params", List.of(Map.of("name", "LEDGER", "value", ledger.file.toString()))), 201)
                .get("id").asString();
        assertThat(mflow.get("/api/v1/jobs/" + rollout).get("manualStatus").asBoolean()).isTrue();
        String verify = job("verify-" + ledger.name, "echo \"$TASK_NAME $APP_VERSION $URL\" >> \"$LEDGER\"", ledger,
                List.of(Map.of("name", "APP_VERSION", "required", true), Map.of("name", "URL")));
        String pipeline = pipeline("manual-" + ledger.name, List.of(stage("deploy", false, task("rollout", rollout)),
                stage("verify", false, task("verify", verify))));

        String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
        String rolloutTask = mflow.awaitJobTaskIn(id, "ACTIVE", RUN_TIMEOUT);
        JsonNode waiting = awaitJobTask(rolloutTask, t -> t.get("awaitingReport").asBoolean());

        assertThat(waiting.get("stage").asString()).isEqualTo("ACTIVE");
        assertThat(waiting.get("manualStatus").asBoolean()).isTrue();
        assertThat(waiting.get("message").asString())
                .isEqualTo("the job's process ended; waiting for an outside report of its final stage");
        assertThat(waiting.get("outputs").get("APP_VERSION").asString()).isEqualTo("7.0.1");
        Thread.sleep(1_000);
        assertThat(mflow.pipelineTask(id).get("stage").asString()).as("the run waits for the report")
                .isEqualTo("ACTIVE");
        assertThat(jobTask(mflow.pipelineTask(id), "verify").get("stage").asString()).isEqualTo("PENDING");

        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of(ledger.file + ".env"))) {
            env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        String statusUrl = engine.baseUri(Service.TASK) + "/api/v1/job-tasks/" + rolloutTask + "/status";
        assertThat(env).containsEntry("MFLOW_STATUS_URL", statusUrl)
                .containsEntry("MFLOW_JOB_TASK_ID", rolloutTask)
                .containsEntry("MFLOW_PIPELINE_TASK_ID", id)
                .containsEntry("MFLOW_STATUS_TOPIC", "mflow.job-task-status-reports")
                .containsKey("MFLOW_KAFKA_BOOTSTRAP_SERVERS");

        // The "controller" reports once the rollout is done, with the job's update token and nothing else.
        String updateToken = Files.readString(Path.of(ledger.file + ".token"));
        JsonNode reported = new MflowClient(java.net.URI.create(statusUrl), null).post(statusUrl, Map.of(
                "token", updateToken, "stage", "SUCCEEDED", "message", "rolled out",
                "detail", "3 of 3 replicas of app:7.0.1 ready", "extension", Map.of("replicas", "3"),
                "outputs", Map.of("URL", "http://new")), 200);
        assertThat(reported.get("stage").asString()).isEqualTo("SUCCEEDED");

        JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);
        assertThat(done.get("stage").asString()).isEqualTo("SUCCEEDED");
        JsonNode ended = mflow.get("/api/v1/job-tasks/" + rolloutTask);
        assertThat(ended.get("awaitingReport").asBoolean()).isFalse();
        assertThat(ended.get("message").asString()).isEqualTo("rolled out");
        assertThat(ended.get("detail").asString()).isEqualTo("3 of 3 replicas of app:7.0.1 ready");
        assertThat(ended.get("extension").get("replicas").asString()).isEqualTo("3");
        assertThat(ended.get("outputs").get("APP_VERSION").asString()).isEqualTo("7.0.1");
        assertThat(ended.get("outputs").get("URL").asString()).isEqualTo("http://new");
        assertThat(ledger.lines()).containsExactly("rollout", "verify 7.0.1 http://new");
    }

    @Test
    void aManualStatusJobOnAnAgentHandsOverTheSameWayAndIsToldWhereToReport() throws Exception {
        Ledger ledger = new Ledger("agent-manual");
        String token = agentToken("agents-" + ledger.name);
        MflowClient runner = new MflowClient(engine.baseUri(Service.RUNNER), engine.adminToken());
        try (AgentProcess agent = new AgentProcess(home(), dir, engine.baseUri(Service.RUNNER), token, "deployer",
                "deploy", 1)) {
            String rollout = mflow.post("/api/v1/jobs", Map.of("name", "agent-rollout-" + ledger.name,
                    "runnerType", "AGENT", "agentTags", List.of("deploy"), "manualStatus", true, "runnerSpec",
                    "env | grep '^MFLOW_' | grep -v TOKEN > \"$LEDGER.env\"; echo DEPLOYED=yes >> \"$MFLOW_OUTPUT\"",
                    "params", List.of(Map.of("name", "LEDGER", "value", ledger.file.toString()))), 201)
                    .get("id").asString();
            String pipeline = pipeline("agent-manual-" + ledger.name,
                    List.of(stage("deploy", false, task("rollout", rollout))));
            awaitAgents(runner, "deployer");

            String id = mflow.post("/api/v1/pipelines/" + pipeline + "/runs", Map.of(), 201).get("id").asString();
            String rolloutTask = mflow.awaitJobTaskIn(id, "ACTIVE", RUN_TIMEOUT);
            JsonNode waiting = awaitJobTask(rolloutTask, t -> t.get("awaitingReport").asBoolean());
            assertThat(waiting.get("outputs").get("DEPLOYED").asString()).isEqualTo("yes");
            String statusUrl = engine.baseUri(Service.TASK) + "/api/v1/job-tasks/" + rolloutTask + "/status";
            assertThat(Files.readAllLines(Path.of(ledger.file + ".env"))).contains("MFLOW_STATUS_URL=" + statusUrl,
                    "MFLOW_PIPELINE_TASK_ID=" + id);

            JsonNode task = mflow.get("/api/v1/job-tasks/" + rolloutTask);
            assertThat(task.get("stage").asString()).isEqualTo("ACTIVE");
            // Nobody reports: a cancel still reaches an attempt that waits for its outside report.
            mflow.post("/api/v1/pipeline-tasks/" + id + "/cancel", Map.of(), 202);
            JsonNode done = mflow.awaitFinished(id, RUN_TIMEOUT);
            assertThat(done.get("stage").asString()).isEqualTo("CANCELED");
            assertThat(jobTask(done, "rollout").get("stage").asString()).as("a cancel still reaches it")
                    .isEqualTo("CANCELED");
        }
    }

    private MflowClient userClient(String name) throws Exception {
        mflow.post("/api/v1/users", Map.of("name", name, "roles", List.of("VIEWER")), 201);
        String token = mflow.post("/api/v1/users/" + name + "/tokens", Map.of("name", "e2e"), 201).get("token")
                .asString();
        return new MflowClient(engine.baseUri(Service.TASK), token);
    }

    private JsonNode awaitJobTask(String jobTaskId, Predicate<JsonNode> until) throws Exception {
        long deadline = System.currentTimeMillis() + RUN_TIMEOUT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            JsonNode task = mflow.get("/api/v1/job-tasks/" + jobTaskId);
            if (until.test(task)) {
                return task;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job task " + jobTaskId + " never got there: " + mflow.get("/api/v1/job-tasks/" + jobTaskId));
    }

    private String threeStagePipeline(Ledger ledger, boolean ignoreFailed) throws Exception {
        String build = job("build-" + ledger.name,
                "echo \"$TASK_NAME\" >> \"$LEDGER\"; echo APP_VERSION=1.4.2 >> \"$MFLOW_OUTPUT\"", ledger, List.of());
        String check = job("check-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"", ledger, List.of());
        String broken = job("broken-" + ledger.name, "echo \"$TASK_NAME\" >> \"$LEDGER\"; exit 1", ledger, List.of());
        String deploy = job("deploy-" + ledger.name, "echo \"$TASK_NAME $APP_VERSION\" >> \"$LEDGER\"", ledger,
                List.of(Map.of("name", "APP_VERSION", "required", true)));
        Map<String, Object> flaky = task("flaky", broken);
        flaky.put("ignoreFailed", ignoreFailed);
        return pipeline("three-stages-" + ledger.name, List.of(
                stage("build", false, task("build", build)),
                stage("verify", true, task("lint", check), task("test", check), flaky),
                stage("release", false, task("deploy", deploy))));
    }

    private void awaitStageTwoSettled(String pipelineTaskId) throws Exception {
        long deadline = System.currentTimeMillis() + RUN_TIMEOUT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            JsonNode task = mflow.pipelineTask(pipelineTaskId);
            boolean settled = true;
            for (String name : List.of("lint", "test", "flaky")) {
                settled &= MflowClient.TERMINAL.contains(jobTask(task, name).get("stage").asString());
            }
            if (settled) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stage two did not settle");
    }

    private String job(String name, String script, Ledger ledger, List<Map<String, Object>> params) throws Exception {
        List<Object> all = new java.util.ArrayList<>(params);
        all.add(Map.of("name", "LEDGER", "value", ledger.file.toString()));
        return mflow.post("/api/v1/jobs", Map.of("name", name, "runnerType", "LOCAL", "runnerSpec", script,
                "params", all), 201).get("id").asString();
    }

    private String agentJob(String name, String script, Ledger ledger, List<String> tags) throws Exception {
        return mflow.post("/api/v1/jobs", Map.of("name", name, "runnerType", "AGENT", "agentTags", tags,
                "runnerSpec", script, "params", List.of(Map.of("name", "LEDGER", "value", ledger.file.toString()))),
                201).get("id").asString();
    }

    /**
     * An agent token, as an admin issues one: a user with the AGENT role, and a token of it bound to the tags these
     * tests' agents claim (not gpu: a gpu job waits for want of an agent).
     */
    private String agentToken(String user) throws Exception {
        mflow.post("/api/v1/users", Map.of("name", user, "roles", List.of("AGENT")), 201);
        return mflow.post("/api/v1/users/" + user + "/tokens", Map.of("name", "agent", "agent", Map.of(
                "tags", List.of("linux", "docker", "cuda", "e2e", "deploy"), "maxConcurrency", 4, "untagged", true)),
                201).get("token").asString();
    }

    private static void awaitAgents(MflowClient runner, String... names) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            String listed = runner.get("/api/v1/agents").toString();
            return java.util.Arrays.stream(names).allMatch(n -> listed.contains("\"name\":\"" + n + "\""));
        });
    }

    private static Path home() {
        return Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
    }

    private String pipeline(String name, List<Map<String, Object>> stages) throws Exception {
        return mflow.post("/api/v1/pipelines", Map.of("name", name, "stages", stages), 201).get("id").asString();
    }

    private static Map<String, Object> stage(String name, boolean parallel, Map<?, ?>... tasks) {
        return Map.of("name", name, "parallel", parallel, "tasks", List.of(tasks));
    }

    private static Map<String, Object> task(String name, String jobId) {
        return new java.util.HashMap<>(Map.of("name", name, "job", jobId));
    }

    /** A file each job appends its name to: how the test counts executions. */
    private static final class Ledger {
        final String name;
        final Path file;

        Ledger(String name) {
            this.name = name;
            this.file = dir.resolve(name + ".ledger");
            try {
                // jobs of one run append to it, each as a user of its own where the engine runs as root
                Files.writeString(file, "");
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        List<String> lines() throws Exception {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        }

        /** Whether a job wrote to it (the test makes it empty, for jobs of other users to append to). */
        boolean exists() {
            try {
                return Files.exists(file) && Files.size(file) > 0;
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }
}

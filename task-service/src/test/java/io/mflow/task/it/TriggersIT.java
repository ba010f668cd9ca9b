package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.webhooks.Hmacs;
import io.mflow.platform.webhooks.StandardWebhooks;
import io.mflow.schemas.Topics;
import io.mflow.schemas.common.RunParam;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusReported;
import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.app.TriggerRecords;
import io.mflow.task.domain.BuildCondition;
import io.mflow.task.domain.BuildConfig;
import io.mflow.task.domain.GitDelivery;
import io.mflow.task.domain.GitProvider;
import io.mflow.task.domain.TriggerRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Providers' deliveries start runs of the pipelines their build configurations name, through the real service,
 * broker and store: GitLab by its token, GitHub by its signature, anyone else by Standard Webhooks.
 */
class TriggersIT extends TaskServiceHarness {

    private static final String PARAMS = "GIT_BRANCH GIT_TAG GIT_COMMIT_ID GIT_PROJECT_NAME GIT_SSH_URL GIT_HTTP_URL"
            + " GIT_MR_ACTION GIT_MR_STATUS GIT_MR_SOURCE_BRANCH GIT_MR_TARGET_BRANCH GIT_AUTHOR EVENT_PROVIDER"
            + " EVENT_NAME EVENT_ID APP_VERSION DEPLOY_ENV";

    @Autowired
    TriggerRecords triggerRecords;

    private String pipeline(String prefix) {
        List<Map<String, Object>> params = new ArrayList<>();
        for (String name : PARAMS.split(" ")) {
            params.add(Map.of("name", name));
        }
        Response job = post("/api/v1/jobs", json(Map.of("name", prefix + "-build", "runnerSpec", "make",
                "params", params)));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response pipeline = post("/api/v1/pipelines", json(Map.of("name", prefix + "-ci",
                "stages", List.of(Map.of("name", "build", "tasks", List.of(Map.of(
                        "name", "build", "job", prefix + "-build")))))));
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        return pipeline.json().path("id").asString();
    }

    private Response defineBuild(Map<String, Object> fields) {
        return post("/api/v1/builds", json(fields));
    }

    private String build(Map<String, Object> fields) {
        Response created = defineBuild(fields);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    private static String fixture(String name) {
        try (InputStream in = TriggersIT.class.getResourceAsStream("/triggers/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response gitlab(String event, String token, String uuid, String body, String query) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/triggers/gitlab" + query))
                .header("Content-Type", "application/json").header("X-Gitlab-Event", event)
                .header("X-Gitlab-Event-UUID", uuid).header("X-Gitlab-Instance", "https://gitlab.example.com")
                .header("User-Agent", "GitLab/16.5.0-pre")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Gitlab-Token", token);
        }
        return send(request);
    }

    private Response github(String event, String signature, String delivery, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/triggers/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery).header("User-Agent", "GitHub-Hookshot/044aadd")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return send(request);
    }

    private Response generic(String secret, String id, long timestamp, String body) {
        return send(HttpRequest.newBuilder(uri("/api/v1/triggers/generic"))
                .header("Content-Type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", StandardWebhooks.sign(secret, id, Long.toString(timestamp),
                        body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String pushTo(String repository, String branch) {
        return fixture("gitlab-push.json").replace("mike/diaspora", repository)
                .replace("refs/heads/master", "refs/heads/" + branch);
    }

    private long runsOf(String pipelineId) {
        return get("/api/v1/pipeline-tasks?pipelineId=" + pipelineId).json().path("total").asLong();
    }

    private Map<String, String> paramsOf(String ptId) {
        PipelineTaskCreated plan = planOf(ptId);
        return firstTask(plan).getParams().stream().filter(p -> p.getValue() != null)
                .collect(Collectors.toMap(RunParam::getName, RunParam::getValue, (a, b) -> b));
    }

    private static String runOf(Response record) {
        return record.json().path("builds").get(0).path("pipelineTaskId").asString();
    }

    @Test
    void aGitlabPushStartsThePipelineWithTheEventsParamsLabelsAndUser() {
        String pipelineId = pipeline("push");
        String configId = build(fields("name", "diaspora-master", "pipelineId", pipelineId,
                "repository", "push/diaspora", "secret", "gitlab-push-secret",
                "condition", Map.of("events", List.of("Push Hook"), "refs", List.of(Map.of("pattern", "master"))),
                "customParams", List.of(Map.of("name", "DEPLOY_ENV", "value", "staging")),
                "labels", Map.of("team", "core")));

        Response record = gitlab("Push Hook", "gitlab-push-secret", UUID.randomUUID().toString(),
                pushTo("push/diaspora", "master"), "");

        assertThat(record.status()).as(record.body()).isEqualTo(202);
        assertThat(record.json().path("stage").asString()).isEqualTo("STARTED");
        assertThat(record.json().path("event").asString()).isEqualTo("PUSH");
        assertThat(record.json().path("commit").asString()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(record.json().path("builds").get(0).path("buildConfigId").asString()).isEqualTo(configId);
        assertThat(record.body()).doesNotContain("gitlab-push-secret");
        assertThat(record.json().path("instance").asString()).isEqualTo("https://gitlab.example.com");
        assertThat(record.json().path("userAgent").asString()).isEqualTo("GitLab/16.5.0-pre");
        String ptId = runOf(record);
        Map<String, String> params = paramsOf(ptId);
        assertThat(params).containsEntry("GIT_BRANCH", "master")
                .containsEntry("GIT_COMMIT_ID", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7")
                .containsEntry("GIT_PROJECT_NAME", "Diaspora").containsEntry("GIT_AUTHOR", "jsmith")
                .containsEntry("EVENT_PROVIDER", "GITLAB").containsEntry("EVENT_NAME", "PUSH")
                .containsEntry("EVENT_ID", record.json().path("id").asString())
                .containsEntry("DEPLOY_ENV", "staging");
        assertThat(params.get("APP_VERSION")).matches("v\\d{8}-master-da156088");
        Response run = get("/api/v1/pipeline-tasks/" + ptId);
        assertThat(run.json().path("triggeredBy").asString()).isEqualTo("gitlab:jsmith");
        String jobTaskId = run.json().path("stages").get(0).path("jobTasks").get(0).path("id").asString();
        JsonNode branch = StreamSupport.stream(get("/api/v1/job-tasks/" + jobTaskId).json()
                .path("params").spliterator(), false).filter(p -> p.path("name").asString().equals("GIT_BRANCH"))
                .findFirst().orElseThrow();
        assertThat(branch.path("injectedBy").asString()).as("marked as injected, as the reference's auto-injected")
                .isEqualTo("gitlab event " + record.json().path("id").asString());
        assertThat(run.json().path("labels").path("mflow.io/build-config").asString()).isEqualTo(configId);
        assertThat(run.json().path("labels").path("mflow.io/trigger-event").asString())
                .isEqualTo(record.json().path("id").asString());
        assertThat(run.json().path("labels").path("team").asString()).isEqualTo("core");
        Response listed = get("/api/v1/triggers/records?buildConfig=" + configId);
        assertThat(listed.json().path("total").asLong()).isEqualTo(1);
        assertThat(listed.json().path("items").get(0).path("builds").get(0).path("stage").asString())
                .isEqualTo("RUNNING");
    }

    @Test
    void aDeliveryThatComesAgainAnswersItsFirstRecordAndStartsNothing() {
        String pipelineId = pipeline("replay");
        build(fields("name", "replay", "pipelineId", pipelineId, "repository", "replay/app", "secret", "replay-s"));
        String uuid = UUID.randomUUID().toString();

        Response first = gitlab("Push Hook", "replay-s", uuid, pushTo("replay/app", "main"), "");
        Response again = gitlab("Push Hook", "replay-s", uuid, pushTo("replay/app", "main"), "");

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(runOf(again)).isEqualTo(runOf(first));
        assertThat(runsOf(pipelineId)).isEqualTo(1);
    }

    @Test
    void aRecordLeftWithoutItsRunByACrashIsCompletedByTheRedeliveryOnce() {
        String pipelineId = pipeline("crash");
        String configId = build(fields("name", "crash", "pipelineId", pipelineId, "repository", "crash/app",
                "secret", "crash-s"));
        String uuid = UUID.randomUUID().toString();
        String body = pushTo("crash/app", "main");
        // what a crash right after recording the delivery leaves: the record, naming a run that was never started
        BuildConfig config = new BuildConfig(configId, "crash", null, null, true, pipelineId, "crash/app",
                BuildCondition.ALWAYS, List.of(), null, null, false, Map.of(), null, null, null, null, null, null);
        GitDelivery delivery = GitDelivery.gitlab("Push Hook", uuid, JSON.readValue(body, Map.class));
        String recordId = TriggerRecord.idOf(GitProvider.GITLAB, uuid);
        assertThat(triggerRecords.add(TriggerRecord.of(recordId, delivery, List.of(config), false, Instant.now())))
                .isTrue();
        assertThat(runsOf(pipelineId)).isZero();

        Response redelivered = gitlab("Push Hook", "crash-s", uuid, body, "");
        Response once = gitlab("Push Hook", "crash-s", uuid, body, "");

        assertThat(redelivered.status()).isEqualTo(200);
        assertThat(redelivered.json().path("stage").asString()).isEqualTo("STARTED");
        assertThat(runOf(redelivered)).isEqualTo(TriggerRecord.runIdOf(recordId, configId));
        assertThat(runOf(once)).isEqualTo(runOf(redelivered));
        assertThat(runsOf(pipelineId)).isEqualTo(1);
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAndNeitherRecordsNorRuns() {
        String pipelineId = pipeline("token");
        String configId = build(fields("name", "token", "pipelineId", pipelineId, "repository", "token/app",
                "secret", "the-right-one"));

        Response wrong = gitlab("Push Hook", "the-wrong-one", UUID.randomUUID().toString(),
                pushTo("token/app", "main"), "");
        Response missing = gitlab("Push Hook", null, UUID.randomUUID().toString(), pushTo("token/app", "main"), "");
        // the right token of another repository's configuration proves nothing for this one
        Response elsewhere = gitlab("Push Hook", "the-right-one", UUID.randomUUID().toString(),
                pushTo("other/app", "main"), "");
        // nor does a configuration's id, the reference's only "token"
        Response byId = gitlab("Push Hook", configId, UUID.randomUUID().toString(), pushTo("token/app", "main"), "");

        for (Response refused : List.of(wrong, missing, elsewhere, byId)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).contains("problem+json"));
        }
        assertThat(get("/api/v1/triggers/records?buildConfig=" + configId).json().path("total").asLong()).isZero();
        assertThat(runsOf(pipelineId)).isZero();
    }

    @Test
    void aTagPushAndAMergeRequestStartTheConfigurationsThatTakeThem() {
        String pipelineId = pipeline("kinds");
        String tags = build(fields("name", "releases", "pipelineId", pipelineId, "repository", "jsmith/example",
                "secret", "kinds-s", "versionRule", "GIT_TAG",
                "condition", Map.of("events", List.of("TAG"), "refs", List.of(Map.of("pattern", "v*", "match",
                        "GLOB")))));
        String reviews = build(fields("name", "reviews", "pipelineId", pipelineId,
                "repository", "jsmith/example", "secret", "kinds-s",
                "condition", Map.of("events", List.of("Merge Request Hook"),
                        "refs", List.of(Map.of("pattern", "ma.*", "match", "REGEX")))));

        Response tag = gitlab("Tag Push Hook", "kinds-s", UUID.randomUUID().toString(),
                fixture("gitlab-tag-push.json"), "");
        Response mr = gitlab("Merge Request Hook", "kinds-s", UUID.randomUUID().toString(),
                fixture("gitlab-merge-request.json").replace("gitlabhq/gitlab-test", "jsmith/example"), "");

        assertThat(tag.status()).as(tag.body()).isEqualTo(202);
        assertThat(tag.json().path("builds")).hasSize(1);
        assertThat(tag.json().path("builds").get(0).path("buildConfigId").asString()).isEqualTo(tags);
        Map<String, String> tagParams = paramsOf(runOf(tag));
        assertThat(tagParams).containsEntry("GIT_TAG", "v1.0.0").containsEntry("APP_VERSION", "v1.0.0")
                .containsEntry("GIT_COMMIT_ID", "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7")
                .doesNotContainKey("GIT_BRANCH");
        assertThat(mr.json().path("builds")).hasSize(1);
        assertThat(mr.json().path("builds").get(0).path("buildConfigId").asString()).isEqualTo(reviews);
        assertThat(paramsOf(runOf(mr))).containsEntry("GIT_MR_SOURCE_BRANCH", "ms-viewport")
                .containsEntry("GIT_MR_TARGET_BRANCH", "master").containsEntry("GIT_MR_ACTION", "open")
                .containsEntry("GIT_MR_STATUS", "unchecked").containsEntry("EVENT_NAME", "MERGE_REQUEST")
                .containsEntry("GIT_COMMIT_ID", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(get("/api/v1/pipeline-tasks/" + runOf(mr)).json().path("triggeredBy").asString())
                .isEqualTo("gitlab:root");
    }

    @Test
    void anEventNoConfigurationTakesIsRecordedAsNoMatchAndAnUnknownKindAsIgnored() {
        String pipelineId = pipeline("nomatch");
        String configId = build(fields("name", "nomatch", "pipelineId", pipelineId, "repository", "nomatch/app",
                "secret", "nomatch-s", "condition", Map.of("refs", List.of(Map.of("pattern", "master")))));

        Response develop = gitlab("Push Hook", "nomatch-s", UUID.randomUUID().toString(),
                pushTo("nomatch/app", "develop"), "");
        Response note = gitlab("Note Hook", "nomatch-s", UUID.randomUUID().toString(),
                pushTo("nomatch/app", "master"), "");

        assertThat(develop.status()).isEqualTo(202);
        assertThat(develop.json().path("stage").asString()).isEqualTo("NO_MATCH");
        assertThat(note.status()).isEqualTo(202);
        assertThat(note.json().path("stage").asString()).as("never taken for a push").isEqualTo("IGNORED");
        assertThat(note.json().path("eventName").asString()).isEqualTo("Note Hook");
        assertThat(runsOf(pipelineId)).isZero();
        Response noMatch = get("/api/v1/triggers/records?stage=NO_MATCH&size=100");
        assertThat(noMatch.json().path("items").valueStream().map(r -> r.path("id").asString()))
                .contains(develop.json().path("id").asString());
        assertThat(get("/api/v1/triggers/records/" + note.json().path("id").asString()).json().path("stage")
                .asString()).isEqualTo("IGNORED");
        assertThat(get("/api/v1/triggers/records?stage=SOMETIMES").status()).isEqualTo(400);
        assertThat(configId).isNotBlank();
    }

    @Test
    void aGithubPushSignedWithTheSecretStartsARunAndABadSignatureIsRefused() {
        String pipelineId = pipeline("github");
        build(fields("name", "hello", "pipelineId", pipelineId, "repository", "Codertocat/Hello-World",
                "secret", "It's a Secret to Everybody", "condition", Map.of("events", List.of("push"))));
        String body = fixture("github-push.json");
        String signature = "sha256=" + Hmacs.sha256Hex("It's a Secret to Everybody",
                body.getBytes(StandardCharsets.UTF_8));

        Response forged = github("push", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                UUID.randomUUID().toString(), body);
        Response signed = github("push", signature, UUID.randomUUID().toString(), body);

        assertThat(forged.status()).as("a signature of another body").isEqualTo(401);
        assertThat(signed.status()).as(signed.body()).isEqualTo(202);
        assertThat(signed.json().path("provider").asString()).isEqualTo("GITHUB");
        Map<String, String> params = paramsOf(runOf(signed));
        assertThat(params).containsEntry("GIT_BRANCH", "main")
                .containsEntry("GIT_COMMIT_ID", "a10867b14bb761a232cd80139fbd4c0d33264240")
                .containsEntry("EVENT_PROVIDER", "GITHUB");
        assertThat(get("/api/v1/pipeline-tasks/" + runOf(signed)).json().path("triggeredBy").asString())
                .isEqualTo("github:Codertocat");
        assertThat(runsOf(pipelineId)).isEqualTo(1);
    }

    @Test
    void aGenericDeliverySignedWithTheGeneratedSecretStartsARunAndAReplayedOldOneIsRefused() {
        String pipelineId = pipeline("generic");
        Response created = defineBuild(fields("name", "generic", "pipelineId", pipelineId,
                "repository", "team/generic"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        String configId = created.json().path("id").asString();
        assertThat(get("/api/v1/builds/" + configId).json().path("secret").asString())
                .as("shown once, in the answer that made it").isEqualTo("******");
        String body = json(Map.of("repository", "team/generic", "event", "PUSH", "ref", "main",
                "commit", "0123456789abcdef", "user", "release-bot"));

        Response fresh = generic(secret, "msg_" + UUID.randomUUID(), Instant.now().getEpochSecond(), body);
        Response stale = generic(secret, "msg_" + UUID.randomUUID(), Instant.now().getEpochSecond() - 600, body);
        Response forged = generic(StandardWebhooks.newSecret(), "msg_" + UUID.randomUUID(),
                Instant.now().getEpochSecond(), body);

        assertThat(fresh.status()).as(fresh.body()).isEqualTo(202);
        assertThat(paramsOf(runOf(fresh))).containsEntry("GIT_BRANCH", "main")
                .containsEntry("GIT_COMMIT_ID", "0123456789abcdef").containsEntry("EVENT_PROVIDER", "GENERIC");
        assertThat(stale.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(runsOf(pipelineId)).isEqualTo(1);
    }

    @Test
    void aDryRunDeliveryRecordsAndResolvesAndItsRunIsADryRun() {
        String pipelineId = pipeline("dry");
        build(fields("name", "dry", "pipelineId", pipelineId, "repository", "dry/app", "secret", "dry-s"));

        Response record = gitlab("Push Hook", "dry-s", UUID.randomUUID().toString(), pushTo("dry/app", "main"),
                "?dryRun=true");

        assertThat(record.status()).as(record.body()).isEqualTo(202);
        assertThat(record.json().path("dryRun").asBoolean()).isTrue();
        assertThat(get("/api/v1/pipeline-tasks/" + runOf(record)).json().path("dryRun").asBoolean()).isTrue();
    }

    @Test
    void aQueuedConfigurationRunsOneAfterAnotherInTheOrderEventsCame() {
        String pipelineId = pipeline("queue");
        String configId = build(fields("name", "queue", "pipelineId", pipelineId, "repository", "queue/app",
                "secret", "queue-s", "queue", true));

        Response first = gitlab("Push Hook", "queue-s", UUID.randomUUID().toString(), pushTo("queue/app", "a"), "");
        Response second = gitlab("Push Hook", "queue-s", UUID.randomUUID().toString(), pushTo("queue/app", "b"), "");

        String firstRun = runOf(first);
        String secondRun = runOf(second);
        assertThat(get("/api/v1/pipeline-tasks/" + firstRun).json().path("stage").asString()).isEqualTo("ACTIVE");
        Function<Response, String> buildStage = record -> get("/api/v1/triggers/records/"
                + record.json().path("id").asString()).json().path("builds").get(0).path("stage").asString();
        assertThat(buildStage.apply(second)).isEqualTo("QUEUED");
        assertThat(get("/api/v1/pipeline-tasks/" + secondRun).json().path("queuePosition").asInt()).isEqualTo(1);
        Function<String, List<String>> recordsAt = stage -> {
            List<String> ids = new ArrayList<>();
            get("/api/v1/triggers/records?buildConfig=" + configId + "&buildStage=" + stage).json().path("items")
                    .forEach(item -> ids.add(item.path("id").asString()));
            return ids;
        };
        assertThat(recordsAt.apply("queued")).as("the records a build of which waits in the queue")
                .containsExactly(second.json().path("id").asString());
        assertThat(recordsAt.apply("RUNNING")).containsExactly(first.json().path("id").asString());
        assertThat(recordsAt.apply("SUCCEEDED")).isEmpty();
        assertThat(get("/api/v1/triggers/records?buildStage=SOMETIMES").status()).isEqualTo(400);

        produce(Topics.PIPELINE_TASK_STATUS_REPORTS, firstRun, PipelineTaskStatusReported.newBuilder()
                .setReportId("end-" + firstRun).setPipelineTaskId(firstRun).setStage(Stage.SUCCEEDED)
                .setMessage("ended").setReportedAt(Instant.now()).build());

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/pipeline-tasks/" + secondRun)
                .json().path("stage").asString().equals("ACTIVE"));
        assertThat(buildStage.apply(first)).isEqualTo("SUCCEEDED");
        assertThat(buildStage.apply(second)).isEqualTo("RUNNING");
        assertThat(recordsAt.apply("SUCCEEDED")).containsExactly(first.json().path("id").asString());
        assertThat(recordsAt.apply("QUEUED")).isEmpty();
    }

    @Test
    void aProviderTokenBecomesASealedCommitStatusWebhookOfTheRun() {
        String pipelineId = pipeline("status");
        build(fields("name", "status", "pipelineId", pipelineId, "repository", "status/app", "secret", "status-s",
                "providerToken", "glpat-status-token", "providerUrl", "https://gitlab.example.com/api/v4"));

        Response record = gitlab("Push Hook", "status-s", UUID.randomUUID().toString(),
                pushTo("status/app", "main"), "");

        PipelineTaskCreated plan = planOf(runOf(record));
        assertThat(plan.getWebhooks()).singleElement().satisfies(hook -> {
            assertThat(hook.getType()).isEqualTo("GITLAB_STATUS");
            String url = SEALED.open(hook.getUrl(), SealedPlace.webhookUrl());
            assertThat(url).isEqualTo("https://gitlab.example.com/api/v4/projects/status%2Fapp/statuses/"
                    + "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
            assertThat(hook.getHeaders().get("PRIVATE-TOKEN")).startsWith("enc:");
            assertThat(SEALED.open(hook.getHeaders().get("PRIVATE-TOKEN"),
                    SealedPlace.webhookHeader(url, "PRIVATE-TOKEN"))).isEqualTo("glpat-status-token");
        });
    }

    @Test
    void secretsAndTokensAreNeverShownBack() {
        String pipelineId = pipeline("secrets");
        Response created = defineBuild(fields("name", "secrets", "pipelineId", pipelineId,
                "repository", "secrets/app", "secret", "never-shown-secret", "providerToken", "never-shown-token",
                "providerUrl", "https://api.github.com",
                "customParams", List.of(Map.of("name", "DEPLOY_ENV", "value", "never-shown-param",
                        "sensitive", true))));
        String id = created.json().path("id").asString();
        Response replaced = call("PUT", "/api/v1/builds/" + id, json(fields("name", "secrets-2",
                "pipelineId", pipelineId, "repository", "secrets/app", "secret", "******",
                "providerToken", "******", "providerUrl", "https://api.github.com",
                "customParams", List.of(Map.of("name", "DEPLOY_ENV", "value", "******", "sensitive", true)))),
                ADMIN_TOKEN);
        Response record = gitlab("Push Hook", "never-shown-secret", UUID.randomUUID().toString(),
                pushTo("secrets/app", "main"), "");

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(record.status()).as("the masked secret kept the stored one").isEqualTo(202);
        // the job declares DEPLOY_ENV plain, and still the configuration's secret is sealed in the run
        PipelineTaskCreated plan = planOf(runOf(record));
        io.mflow.schemas.event.TaskPlan task = firstTask(plan);
        RunParam deployEnv = task.getParams().stream().filter(p -> p.getName().equals("DEPLOY_ENV")).findFirst()
                .orElseThrow();
        assertThat(deployEnv.getValue()).startsWith("enc:");
        assertThat(SEALED.open(deployEnv.getValue(), SealedPlace.jobTaskParam(task.getJobTaskId(), "DEPLOY_ENV")))
                .isEqualTo("never-shown-param");
        Response jobTask = get("/api/v1/job-tasks/" + task.getJobTaskId());
        assertThat(jobTask.status()).isEqualTo(200);
        assertThat(jobTask.body()).doesNotContain("never-shown-param");
        for (Response shown : List.of(created, replaced, get("/api/v1/builds/" + id), get("/api/v1/builds?pipeline="
                + pipelineId), record, get("/api/v1/triggers/records?size=100"))) {
            assertThat(shown.body()).doesNotContain("never-shown-secret", "never-shown-token", "never-shown-param");
        }
        assertThat(created.json().path("secret").asString()).isEqualTo("******");
        assertThat(created.json().path("providerToken").asString()).isEqualTo("******");
        assertThat(get("/api/v1/builds?pipeline=" + pipelineId).json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void aDeveloperOfOneNamespaceCannotMakeAConfigurationThatRunsAnotherNamespacesPipeline() {
        String pipelineId = pipeline("ns");
        Response user = post("/api/v1/users", json(Map.of("name", "web-dev-builds", "roles", List.of("VIEWER"),
                "namespaceRoles", Map.of("web", "DEVELOPER"))));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        Response token = post("/api/v1/users/web-dev-builds/tokens", json(Map.of("name", "t")));
        String webDev = token.json().path("token").asString();

        Response intoDefault = call("POST", "/api/v1/builds", json(fields("name", "mine", "pipelineId", pipelineId,
                "repository", "ns/app")), webDev);
        Response fromWeb = call("POST", "/api/v1/builds", json(fields("name", "mine", "namespace", "web",
                "pipelineId", pipelineId, "repository", "ns/app")), webDev);

        assertThat(intoDefault.status()).as(intoDefault.body()).isEqualTo(403);
        assertThat(fromWeb.status()).as("the pipeline is in default: " + fromWeb.body()).isEqualTo(403);
        assertThat(get("/api/v1/builds?pipeline=" + pipelineId).json().path("total").asLong()).isZero();
    }

    @Test
    void aViewerReadsBuildConfigurationsButCannotWriteThem() {
        String pipelineId = pipeline("viewer");
        String id = build(fields("name", "viewer", "pipelineId", pipelineId, "repository", "viewer/app"));
        String viewer = userWithToken("build-viewer", "VIEWER");

        assertThat(call("GET", "/api/v1/builds/" + id, null, viewer).status()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/triggers/records", null, viewer).status()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/builds", json(fields("name", "mine", "pipelineId", pipelineId,
                "repository", "viewer/app")), viewer).status()).isEqualTo(403);
        assertThat(call("PUT", "/api/v1/builds/" + id, json(fields("name", "mine", "pipelineId", pipelineId,
                "repository", "viewer/app")), viewer).status()).isEqualTo(403);
        assertThat(call("DELETE", "/api/v1/builds/" + id, null, viewer).status()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/builds", null, null).status()).isEqualTo(401);
    }

    @Test
    void invalidConfigurationsAreRefusedByTheirField() {
        String pipelineId = pipeline("invalid");

        Response regex = defineBuild(fields("name", "bad", "pipelineId", pipelineId, "repository", "a/b",
                "condition", Map.of("refs", List.of(Map.of("pattern", "release/[", "match", "REGEX")))));
        Response event = defineBuild(fields("name", "bad", "pipelineId", pipelineId, "repository", "a/b",
                "condition", Map.of("events", List.of("Note Hook"))));
        Response pipeline = defineBuild(fields("name", "bad", "pipelineId", "pl-missing", "repository", "a/b"));

        assertThat(regex.status()).isEqualTo(400);
        assertThat(regex.body()).contains("condition.refs[0]");
        assertThat(event.status()).isEqualTo(400);
        assertThat(event.body()).contains("condition.events[0]");
        assertThat(pipeline.status()).isEqualTo(400);
        assertThat(pipeline.body()).contains("pipelineId");
    }
}

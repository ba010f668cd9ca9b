package io.mflow.task.it;

import static io.mflow.task.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every part of a request is bounded, and a refusal says which part and how far; nothing refused is stored. */
class LimitsIT extends TaskServiceHarness {

    private static final String JOBS = "/api/v1/jobs";
    private static final String PIPELINES = "/api/v1/pipelines";

    @Test
    void aJobNameOfThreeHundredThousandCharactersIsRefusedNamingTheFieldAndTheLimit() {
        long jobs = total(JOBS);
        Response refused = post(JOBS, json(Map.of("name", "n".repeat(300_000), "runnerSpec", "true")));
        assertRefused(refused, "name is 300000 characters long", "128");
        assertThat(total(JOBS)).isEqualTo(jobs);

        assertThat(post(JOBS, json(Map.of("name", "n".repeat(128), "runnerSpec", "true"))).status()).isEqualTo(201);
    }

    @Test
    void aRunnerSpecOver64KiBIsRefusedAndOneOfExactly64KiBIsAccepted() {
        long jobs = total(JOBS);
        assertRefused(post(JOBS, json(Map.of("name", "big-spec", "runnerSpec", "x".repeat(65_537)))),
                "runnerSpec is 65537 bytes long", "65536");
        // counted in UTF-8 bytes, what is stored and sent: 30,000 euro signs are 90,000 bytes
        assertRefused(post(JOBS, json(Map.of("name", "euro-spec", "runnerSpec", "€".repeat(30_000)))),
                "runnerSpec is 90000 bytes long", "65536");
        assertThat(total(JOBS)).isEqualTo(jobs);

        assertThat(post(JOBS, json(Map.of("name", "full-spec", "runnerSpec", "x".repeat(65_536)))).status())
                .isEqualTo(201);
    }

    @Test
    void aJobsParamsAreBoundedInNameValueDescriptionAndNumber() {
        long jobs = total(JOBS);
        assertRefused(postJob("long-param-name", List.of(Map.of("name", "OK"), Map.of("name", "P".repeat(129)))),
                "params[1].name is 129 characters long", "128");
        assertRefused(postJob("long-param-value", List.of(Map.of("name", "P", "value", "v".repeat(65_537)))),
                "params[0].value is 65537 bytes long", "65536");
        assertRefused(postJob("long-description", List.of(Map.of("name", "P", "description", "d".repeat(2049)))),
                "params[0].description is 2049 characters long", "2048");
        List<Map<String, Object>> many = IntStream.range(0, 101)
                .<Map<String, Object>>mapToObj(i -> Map.of("name", "P" + i)).toList();
        assertRefused(postJob("many-params", many), "params has 101 entries", "100");
        assertRefused(post(JOBS, json(Map.of("name", "long-type", "runnerType", "T".repeat(129), "runnerSpec", "x"))),
                "runnerType is 129 characters long", "128");
        assertThat(total(JOBS)).isEqualTo(jobs);
    }

    @Test
    void aPipelinesNameStagesAndTasksAreBoundedInLengthAndNumber() {
        post(JOBS, json(Map.of("name", "limits-job", "runnerSpec", "true", "params", List.of(Map.of("name", "P")))));
        long pipelines = total(PIPELINES);
        assertRefused(postPipeline("p".repeat(129), List.of(stage("s", task("t")))), "name is 129 characters long",
                "128");
        assertRefused(postPipeline("long-stage", List.of(stage("s".repeat(129), task("t")))),
                "stages[0].name is 129 characters long", "128");
        assertRefused(postPipeline("long-task", List.of(stage("s", task("t")), stage("u", task("t".repeat(129))))),
                "stages[1].tasks[0].name is 129 characters long", "128");
        assertRefused(postPipeline("long-value", List.of(stage("s", Map.of("name", "t", "job", "limits-job",
                        "params", List.of(Map.of("name", "P", "value", "v".repeat(65_537))))))),
                "stages[0].tasks[0].params[0].value is 65537 bytes long", "65536");
        assertRefused(postPipeline("many-stages", IntStream.range(0, 101).mapToObj(i -> stage("s" + i, task("t")))
                .toList()), "stages has 101 entries", "100");
        Object[] tasks = IntStream.range(0, 101).mapToObj(i -> task("t" + i)).toArray();
        assertRefused(postPipeline("many-tasks", List.of(stage("s", tasks))), "stages[0].tasks has 101 entries",
                "100");
        assertThat(total(PIPELINES)).isEqualTo(pipelines);

        List<Map<String, Object>> hundredStages = IntStream.range(0, 100).mapToObj(i -> stage("s" + i, task("t")))
                .toList();
        assertThat(postPipeline("hundred-stages", hundredStages).status()).isEqualTo(201);
    }

    @Test
    void aRunsParamsAndLabelsAreBoundedAndARefusedRunStartsNothing() {
        String pipelineId = definePipeline("limits-run");
        String runs = "/api/v1/pipelines/" + pipelineId + "/runs";
        assertRefused(post(runs, json(Map.of("params", List.of(Map.of("name", "G".repeat(129), "value", "x"))))),
                "params[0].name is 129 characters long", "128");
        assertRefused(post(runs, json(Map.of("params", List.of(Map.of("name", "GOAL", "value", "v".repeat(65_537)))))),
                "params[0].value is 65537 bytes long", "65536");
        assertRefused(post(runs, json(Map.of("labels", Map.of("team", "t".repeat(2049))))),
                "labels.team is 2049 characters long", "2048");
        assertRefused(post(runs, json(Map.of("labels", Map.of("k".repeat(129), "v")))),
                "a key of labels is 129 characters long", "128");
        Map<String, String> labels = new HashMap<>();
        IntStream.range(0, 101).forEach(i -> labels.put("l" + i, "v"));
        assertRefused(post(runs, json(Map.of("labels", labels))), "labels has 101 entries", "100");
        // found by ApiFuzzIT: the store cannot hold a key with a NUL, and answered 500
        assertRefused(post(runs, "{\"labels\": {\"\\u0000\": \"a\"}}"),
                "a key of labels has a control character (U+0000)");
        assertThat(total("/api/v1/pipeline-tasks?pipelineId=" + pipelineId)).isZero();
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413WhetherItSaysItsLengthOrIsChunked() {
        long jobs = total(JOBS);
        String overLimit = jobBody("too-big", 1024 * 1024 + 1);
        assertThat(overLimit.getBytes(StandardCharsets.UTF_8)).hasSize(1024 * 1024 + 1);

        Response declared = post(JOBS, overLimit);
        assertProblem(declared, 413);
        assertThat(declared.json().path("detail").asString()).contains("1048576 bytes (1 MiB)", "1048577");
        Response chunked = postChunked(overLimit);
        assertProblem(chunked, 413);
        assertThat(chunked.json().path("detail").asString()).contains("1048576 bytes (1 MiB)");
        assertThat(total(JOBS)).isEqualTo(jobs);

        // at the limit the body is read, and it is the runnerSpec's own limit that refuses it
        Response atLimit = postChunked(jobBody("at-limit", 1024 * 1024));
        assertRefused(atLimit, "runnerSpec is", "65536");
    }

    @Test
    void aChunkedBodyUnderTheLimitIsReadAsIfItHadALength() {
        Response created = postChunked(json(Map.of("name", "chunked-job", "runnerSpec", "echo chunked")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("runnerSpec").asString()).isEqualTo("echo chunked");
    }

    @Test
    void aBodyOfTheWrongShapeIsRefusedNamingTheFieldAndTheTypeInWordsNeverAJavaClass() {
        long jobs = total(JOBS);
        assertRefused(post(JOBS, "{\"name\": \"shape\", \"runnerSpec\": \"x\", \"params\": {\"A\": 1}}"),
                "params must be an array, not an object");
        assertRefused(post(JOBS, "{\"name\": \"shape\", \"runnerSpec\": \"x\", \"params\": [\"A\"]}"),
                "params[0] must be an object, not a string");
        assertRefused(post(JOBS, "{\"name\": \"shape\", \"runnerSpec\": \"x\", "
                + "\"params\": [{\"sensitive\": \"maybe\"}]}"), "params[0].sensitive must be true or false");
        assertRefused(post(JOBS, "{\"name\": [\"shape\"], \"runnerSpec\": \"x\"}"),
                "name must be a string, not an array");
        assertRefused(post(JOBS, "[]"), "the request body must be an object, not an array");
        assertRefused(post(JOBS, "{\"name\": \"shape\","), "not valid JSON");
        Response cut = post(JOBS, "{");
        assertRefused(cut, "the request body is not valid JSON at line 1, column 2: Unexpected end-of-input");
        assertThat(cut.json().path("detail").asString()).doesNotContain("Source", "REDACTED");
        assertRefused(post(PIPELINES, "{\"name\": \"shape\", \"stages\": [{\"name\": \"s\", \"tasks\": 7}]}"),
                "stages[0].tasks must be an array, not a number");
        assertRefused(post("/api/v1/users/admin/tokens", "{\"name\": \"t\", \"expiresInDays\": 99999999999}"),
                "expiresInDays must be a whole number");
        assertRefused(get(JOBS + "?page=first"), "parameter 'page' must be a whole number, got 'first'");
        assertThat(total(JOBS)).isEqualTo(jobs);
    }

    @Test
    void aNullInsideAListOrMapIsRefusedNamingItsPlaceAndNothingIsStored() {
        post(JOBS, json(Map.of("name", "null-job", "runnerSpec", "true")));
        long jobs = total(JOBS);
        long pipelines = total(PIPELINES);
        assertRefused(post(JOBS, "{\"name\": \"nulls\", \"runnerSpec\": \"x\", \"params\": [{\"name\": \"A\"}, null]}"),
                "params[1] must not be null");
        assertRefused(post(PIPELINES, "{\"name\": \"nulls\", \"stages\": [null]}"), "stages[0] must not be null");
        assertRefused(post(PIPELINES, "{\"name\": \"nulls\", \"stages\": [{\"name\": \"s\", \"tasks\": [null]}]}"),
                "stages[0].tasks[0] must not be null");
        assertRefused(post(PIPELINES, pipelineWithTask("{\"name\": \"t\", \"job\": \"null-job\", \"params\": [null]}")),
                "stages[0].tasks[0].params[0] must not be null");
        assertRefused(post(PIPELINES, pipelineWithTask("{\"name\": \"t\", \"job\": \"null-job\", \"webhooks\": "
                + "[{\"url\": \"http://127.0.0.1:9/\", \"events\": [null]}]}")),
                "stages[0].tasks[0].webhooks[0].events[0] must not be null");
        assertRefused(post(PIPELINES, pipelineWithTask("{\"name\": \"t\", \"job\": \"null-job\", \"webhooks\": "
                + "[{\"url\": \"http://127.0.0.1:9/\", \"headers\": {\"X-Token\": null}}]}")),
                "stages[0].tasks[0].webhooks[0].headers.X-Token must not be null");
        assertThat(total(JOBS)).isEqualTo(jobs);
        assertThat(total(PIPELINES)).isEqualTo(pipelines);

        String pipelineId = definePipeline("null-run");
        String runs = "/api/v1/pipelines/" + pipelineId + "/runs";
        assertRefused(post(runs, "{\"params\": [null]}"), "params[0] must not be null");
        assertRefused(post(runs, "{\"labels\": {\"team\": null}}"), "labels.team must not be null");
        assertThat(total("/api/v1/pipeline-tasks?pipelineId=" + pipelineId)).isZero();
        assertRefused(post("/api/v1/job-tasks/jt-any/status", "{\"token\": \"t\", \"stage\": \"ACTIVE\", "
                + "\"outputs\": {\"A\": null}}"), "outputs.A must not be null");
    }

    @Test
    void aStatusReportsDetailAndExtensionAreBoundedBeforeAnyTaskIsLookedAt() {
        String status = "/api/v1/job-tasks/jt-any/status";
        assertRefused(post(status, json(Map.of("token", "t", "stage", "ACTIVE", "detail", "d".repeat(65_537)))),
                "detail is 65537 bytes long; at most 65536 (64 KiB) are allowed");
        Map<String, String> extension = new HashMap<>();
        IntStream.range(0, 3).forEach(i -> extension.put("k" + i, "v".repeat(30_000)));
        assertRefused(post(status, json(Map.of("token", "t", "stage", "ACTIVE", "extension", extension))),
                "extension is", "bytes long in all; at most 65536");
        Map<String, String> many = new HashMap<>();
        IntStream.range(0, 101).forEach(i -> many.put("k" + i, "v"));
        assertRefused(post(status, json(Map.of("token", "t", "stage", "ACTIVE", "extension", many))),
                "extension has 101 entries; at most 100 are allowed");
        assertRefused(post(status, "{\"token\": \"t\", \"stage\": \"ACTIVE\", \"extension\": {\"A\": null}}"),
                "extension.A must not be null");
    }

    /** A 400 problem whose detail has every given phrase and no Java class name. */
    private static void assertRefused(Response response, String... phrases) {
        assertProblem(response, 400);
        assertThat(response.json().path("detail").asString()).contains(phrases);
    }

    private long total(String path) {
        Response page = get(path + (path.contains("?") ? "&" : "?") + "size=1");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().path("total").asLong();
    }

    /** Sent without a Content-Length, as {@code Transfer-Encoding: chunked}. */
    private Response postChunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri(JOBS)).version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    /** A job whose JSON is exactly {@code bytes} long, most of it runnerSpec. */
    private static String jobBody(String name, int bytes) {
        String empty = json(Map.of("name", name, "runnerSpec", ""));
        String body = json(Map.of("name", name, "runnerSpec", "x".repeat(bytes - empty.length())));
        assertThat(body).hasSize(bytes);
        return body;
    }

    private Response postJob(String name, List<Map<String, Object>> params) {
        return post(JOBS, json(Map.of("name", name, "runnerSpec", "true", "params", params)));
    }

    private Response postPipeline(String name, List<Map<String, Object>> stages) {
        return post(PIPELINES, json(Map.of("name", name, "stages", stages)));
    }

    private static String pipelineWithTask(String task) {
        return "{\"name\": \"nulls\", \"stages\": [{\"name\": \"s\", \"tasks\": [" + task + "]}]}";
    }

    private static Map<String, Object> stage(String name, Object... tasks) {
        List<Object> all = new ArrayList<>();
        Collections.addAll(all, tasks);
        return Map.of("name", name, "tasks", all);
    }

    private static Map<String, Object> task(String name) {
        return Map.of("name", name, "job", "limits-job");
    }
}

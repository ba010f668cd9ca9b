package io.mflow.task.it;

import static io.mflow.task.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.task.TaskServiceApplication;
import io.mflow.task.it.ApiOperations.Operation;
import io.mflow.task.it.ApiRequests.ApiRequest;
import io.mflow.task.it.TaskServiceHarness.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/**
 * Calls every operation the OpenAPI document lists with generated requests (see {@link ApiRequests}): no answer may
 * be a server error, and every refusal must be a problem document that names no Java class. jqwik properties are
 * not JUnit Jupiter tests, so the service is started here rather than by {@code @SpringBootTest}.
 */
class ApiFuzzIT {

    /** About 50 requests for each of the 20 operations: some 15 s on two cores, after about as long to start. */
    private static final int TRIES = 1_000;

    private static EmbeddedKafkaKraftBroker kafka;
    private static MongoServer mongo;
    private static ConfigurableApplicationContext service;
    private static String base;
    private static List<Operation> operations;
    private static ApiRequests requests;
    private static volatile boolean falsified;
    private static final Set<String> called = ConcurrentHashMap.newKeySet();
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void startTheService() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        mongo = new MongoServer(new MemoryBackend());
        Path tokenFile = Files.createTempDirectory("api-fuzz").resolve("admin.token");
        // runner- and notify-service, which task-service reads agents and endpoints from, as a stand-in that answers
        String neighbours = StandInNeighbours.start().uri();
        service = new SpringApplicationBuilder(TaskServiceApplication.class).run(
                "--mflow.services.runner-url=" + neighbours, "--mflow.services.notify-url=" + neighbours,
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.mongodb.uri=" + mongo.bindAndGetConnectionString(),
                "--mflow.secret-key=" + TaskServiceHarness.DEV_KEY,
                "--mflow.admin-token=" + TaskServiceHarness.ADMIN_TOKEN,
                "--mflow.admin-token-file=" + tokenFile,
                "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN");
        base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
        Response docs = call("GET", "/v3/api-docs", null, "application/json");
        assertThat(docs.status()).as(docs.body()).isEqualTo(200);
        operations = ApiOperations.of(docs.json());
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(10);
        requests = existingThings();
    }

    @AfterContainer
    static void everyOperationWasCalledAndTheServiceStops() {
        try {
            if (!falsified) {
                assertThat(called).as("operations the generated requests reached")
                        .containsExactlyInAnyOrderElementsOf(operations.stream().map(Operation::id).toList());
            }
        } finally {
            if (service != null) {
                service.close();
            }
            kafka.destroy();
            mongo.shutdown();
        }
    }

    @Property(tries = TRIES)
    void noRequestMakesAServerErrorAndEveryRefusalIsAProblemDocument(@ForAll("requests") ApiRequest request) {
        Response response = call(request.method(), request.pathAndQuery(), request.body(), request.contentType());
        called.add(request.operation());
        Statistics.label("status").collect(response.status() / 100 + "xx");
        Statistics.label("accepted").collect(request.operation(), response.status() < 300);

        try {
            assertThat(response.status()).isLessThan(500);
            if (response.status() >= 400) {
                assertProblem(response);
            }
        } catch (AssertionError e) {
            // jqwik stops at the first failure: the other operations were not left out, just not reached
            falsified = true;
            throw new AssertionError(request + " answered " + response.status() + " " + response.headers().map()
                    + " " + response.body() + ": " + e.getMessage(), e);
        }
    }

    @Provide
    Arbitrary<ApiRequest> requests() {
        // without edge cases, which would favour the first and the last operation
        return Arbitraries.of(operations).withoutEdgeCases().flatMap(requests::to);
    }

    /** A job, a pipeline of it, a run and a user, so that generated ids and names sometimes exist. */
    private static ApiRequests existingThings() {
        String jobId = created("/api/v1/jobs", Map.of("name", "fuzz-job", "runnerSpec", "echo $GOAL", "params", List.of(
                Map.of("name", "GOAL", "value", "test"),
                Map.of("name", "SECRET", "value", "s3cret", "sensitive", true),
                Map.of("name", "REGION", "value", "eu", "readOnly", true)))).path("id").asString();
        String pipelineId = created("/api/v1/pipelines", Map.of("name", "fuzz-pipeline", "stages", List.of(
                Map.of("name", "build", "tasks", List.of(Map.of("name", "compile", "job", "fuzz-job"))))))
                .path("id").asString();
        JsonNode run = created("/api/v1/pipelines/" + pipelineId + "/runs", Map.of());
        String jobTaskId = run.path("stages").path(0).path("jobTasks").path(0).path("id").asString();
        created("/api/v1/users", Map.of("name", "fuzz-user", "roles", List.of("VIEWER")));
        List<String> stages = List.of("PENDING", "ACTIVE", "SUCCEEDED", "FAILED", "active");
        return new ApiRequests(Map.ofEntries(
                Map.entry("jobs", List.of(jobId)), Map.entry("pipelines", List.of(pipelineId)),
                Map.entry("pipeline-tasks", List.of(run.path("id").asString())),
                Map.entry("job-tasks", List.of(jobTaskId)), Map.entry("users", List.of("fuzz-user")),
                Map.entry("runnerType", List.of("LOCAL", "")), Map.entry("runnerSpec", List.of("echo hi", "exit 1")),
                Map.entry("job", List.of("fuzz-job", jobId)), Map.entry("pipelineId", List.of(pipelineId)),
                Map.entry("stage", stages), Map.entry("events", stages),
                Map.entry("roles", List.of("VIEWER", "DEVELOPER", "ADMIN")),
                Map.entry("url", List.of("http://127.0.0.1:9/hook")), Map.entry("email", List.of("vera@example.com"))));
    }

    private static JsonNode created(String path, Object body) {
        Response response = call("POST", path, TaskServiceHarness.JSON.writeValueAsBytes(body), "application/json");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static Response call(String method, String pathAndQuery, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TaskServiceHarness.ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null && !contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            boolean isJson = text.startsWith("{") || text.startsWith("[");
            JsonNode json = isJson ? TaskServiceHarness.JSON.readTree(text) : null;
            return new Response(response.statusCode(), text, json, response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + pathAndQuery + " could not be sent or read", e);
        }
    }
}

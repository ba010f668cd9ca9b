package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.task.TaskServiceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** What an operator sees on an engine's first start, and on a start without a secret key. */
@ExtendWith(OutputCaptureExtension.class)
class FirstStartIT {

    private static EmbeddedKafkaKraftBroker kafka;
    private static MongoServer mongo;
    private static String mongoUri;

    @BeforeAll
    static void infrastructure() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        mongo = new MongoServer(new MemoryBackend());
        mongoUri = mongo.bindAndGetConnectionString();
    }

    @AfterAll
    static void stop() {
        kafka.destroy();
        mongo.shutdown();
    }

    @Test
    void theFirstStartWritesTheAdminTokenToAFileOnlyItsOwnerReadsAndNoStartOverwritesIt(@TempDir Path dir,
                                                                                         CapturedOutput output)
            throws Exception {
        Path file = dir.resolve("data/admin.token");
        String token;
        try (ConfigurableApplicationContext first = start("first-start", file, TaskServiceHarness.DEV_KEY)) {
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            token = Files.readString(file).trim();
            assertThat(token).startsWith("mflow_");
            HttpResponse<String> me = me(first, token);
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(me.body()).contains("\"name\":\"admin\"", "\"roles\":[\"ADMIN\"]");
        }
        assertThat(output.getAll()).contains(file.toAbsolutePath().toString()).doesNotContain(token);

        Files.writeString(file, "an operator's own file\n");
        try (ConfigurableApplicationContext second = start("first-start", file, TaskServiceHarness.DEV_KEY)) {
            assertThat(Files.readString(file)).isEqualTo("an operator's own file\n");
            assertThat(me(second, token).statusCode()).isEqualTo(200);
        }

        Path another = dir.resolve("elsewhere/admin.token");
        Files.createDirectories(another.getParent());
        Files.writeString(another, "kept\n");
        try (ConfigurableApplicationContext fresh = start("first-start-existing-file", another, TaskServiceHarness.DEV_KEY)) {
            assertThat(Files.readString(another)).isEqualTo("kept\n");
        }
    }

    @Test
    void aServiceWithoutASecretKeyRefusesToStartAndSaysHowToMakeOne(@TempDir Path dir, CapturedOutput output) {
        assertThatThrownBy(() -> start("no-key", dir.resolve("admin.token"), "")).hasMessageContaining("no secret key");
        assertThat(output.getAll()).contains("MFLOW_SECRET_KEY", "openssl rand -base64 32");
        assertThatThrownBy(() -> start("short-key", dir.resolve("admin.token"), "c2hvcnQ="))
                .hasMessageContaining("not 32");
        assertThat(dir.resolve("admin.token")).doesNotExist();
    }

    private static ConfigurableApplicationContext start(String database, Path tokenFile, String secretKey) {
        return new SpringApplicationBuilder(TaskServiceApplication.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.mongodb.uri=" + mongoUri,
                "--spring.mongodb.database=" + database,
                "--mflow.secret-key=" + secretKey,
                "--mflow.admin-token=",
                "--mflow.admin-token-file=" + tokenFile,
                "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN",
                "--logging.level.state.change.logger=WARN");
    }

    private static HttpResponse<String> me(ConfigurableApplicationContext context, String token) throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}

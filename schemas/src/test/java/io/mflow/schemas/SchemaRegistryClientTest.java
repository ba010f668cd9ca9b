package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.JobTaskStatusReported;
import io.mflow.schemas.serde.AvroDeserializer;
import io.mflow.schemas.serde.AvroSerializer;
import io.mflow.schemas.serde.SchemaRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * mflow's side of the Confluent-compatible registry API, against a small registry that speaks it (the real one,
 * Apicurio, is in SchemaRegistryModeIT): what is written, how ids are read back, and how a reader copes with a
 * registry that is away.
 */
class SchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> schemas = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRecordInTheWireFormatNamesTheIdItsSchemaWasRegisteredUnderAndIsReadBack() throws Exception {
        int port = freePort();
        serveRegistry(port);
        String url = "http://127.0.0.1:" + port;
        AvroSerializer writer = AvroSerializer.configuredBy(Map.of(SchemaRegistry.URL_CONFIG, url));
        AvroDeserializer reader = new AvroDeserializer();
        reader.configure(Map.of(SchemaRegistry.URL_CONFIG, url), false);

        byte[] bytes = writer.serialize(Topics.JOB_TASK_STATUS_REPORTS, report());

        assertThat(bytes[0]).as("magic byte").isZero();
        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).as("schema id").isEqualTo(1);
        assertThat(schemas).hasSize(1);
        assertThat(reader.deserialize(Topics.JOB_TASK_STATUS_REPORTS, bytes)).isEqualTo(report());
        assertThat(reader.deserialize(Topics.JOB_TASK_STATUS_REPORTS,
                new AvroSerializer().serialize(Topics.JOB_TASK_STATUS_REPORTS, report())))
                .as("single-object records are read beside them").isEqualTo(report());
    }

    @Test
    void aReaderWaitsForARegistryThatIsAwayInsteadOfRefusingAValidRecord() throws Exception {
        int port = freePort();
        serveRegistry(port);
        String url = "http://127.0.0.1:" + port;
        byte[] bytes = AvroSerializer.configuredBy(Map.of(SchemaRegistry.URL_CONFIG, url))
                .serialize(Topics.JOB_TASK_STATUS_REPORTS, report());
        server.stop(0);
        Thread comesBack = new Thread(() -> {
            try {
                Thread.sleep(1_500);
                serveRegistry(port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        comesBack.start();

        AvroDeserializer reader = new AvroDeserializer(new SchemaRegistry(url));

        assertThat(reader.deserialize(Topics.JOB_TASK_STATUS_REPORTS, bytes)).isEqualTo(report());
        comesBack.join();
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsRefusedAtOnceWithTheReason() throws Exception {
        int port = freePort();
        serveRegistry(port);
        AvroDeserializer reader = new AvroDeserializer(new SchemaRegistry("http://127.0.0.1:" + port));

        assertThatThrownBy(() -> reader.deserialize("t", new byte[] {0, 0, 0, 0, 42, 2, 4}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("refused to read schema 42");
    }

    @Test
    void aSchemaSomeoneElseRegisteredIsNotTakenForOneOfTheContract() throws Exception {
        int port = freePort();
        serveRegistry(port);
        // a look-alike of the report with a field of its own, registered by anyone who can reach the registry
        org.apache.avro.Schema forged = org.apache.avro.SchemaBuilder.record("JobTaskStatusReported")
                .namespace("io.mflow.schemas.event").fields().requiredString("reportId").requiredString("command")
                .endRecord();
        int id = new SchemaRegistry("http://127.0.0.1:" + port).idOf(forged);
        AvroDeserializer reader = new AvroDeserializer(new SchemaRegistry("http://127.0.0.1:" + port));

        assertThatThrownBy(() -> reader.deserialize("t", new byte[] {0, 0, 0, 0, (byte) id, 2, 'r', 2, 'x'}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("is not a published version");
    }

    @Test
    void aRecordInTheWireFormatWithoutARegistryConfiguredIsRefusedSayingSo() {
        assertThatThrownBy(() -> new AvroDeserializer().deserialize("t", new byte[] {0, 0, 0, 0, 1, 2, 4}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("no registry is configured");
    }

    private static JobTaskStatusReported report() {
        return JobTaskStatusReported.newBuilder().setReportId("r1").setJobTaskId("jt-1").setUpdateToken("proof:v1:x")
                .setStage(Stage.SUCCEEDED).setReportedAt(Instant.parse("2026-12-06T10:00:00Z").truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    /** The two calls of the Confluent API mflow makes: register under a subject, read a schema by id. */
    private void serveRegistry(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = 200;
            Object answer;
            if (exchange.getRequestMethod().equals("POST") && path.matches("/subjects/[^/]+/versions")) {
                String schema = JSON.readTree(exchange.getRequestBody()).get("schema").asText();
                if (!schemas.contains(schema)) {
                    schemas.add(schema);
                }
                answer = Map.of("id", schemas.indexOf(schema) + 1);
            } else if (path.matches("/schemas/ids/\\d+")
                    && Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)) <= schemas.size()) {
                answer = Map.of("schema", schemas.get(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)) - 1));
            } else {
                status = 404;
                answer = Map.of("error_code", 40403, "message", "Schema not found");
            }
            byte[] body = JSON.writeValueAsString(answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

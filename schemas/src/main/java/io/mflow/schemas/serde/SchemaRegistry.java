package io.mflow.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry reached through the Confluent-compatible REST API (Confluent Schema Registry, Apicurio's
 * {@code ccompat} API, Karapace, Redpanda): a schema is registered under its record's full name (the record name
 * strategy, since one topic carries several record types) and known by the id the registry gives it. Both ways are
 * remembered, so the registry is asked once per schema and process.
 */
public final class SchemaRegistry {

    /** The serializer and deserializer config that turns registry mode on: the registry's base URL. */
    public static final String URL_CONFIG = "mflow.schema-registry.url";

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Schema, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private final Duration patience;

    public SchemaRegistry(String baseUrl) {
        this(baseUrl, PATIENCE);
    }

    /** {@code patience}: how long a reader asks again a registry that does not answer (a tool may want less). */
    public SchemaRegistry(String baseUrl, Duration patience) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.patience = patience;
    }

    /** The registry a Kafka client config names, or null when it names none. */
    static SchemaRegistry configuredBy(Map<String, ?> configs) {
        Object url = configs.get(URL_CONFIG);
        return url == null || url.toString().isBlank() ? null : new SchemaRegistry(url.toString().trim());
    }

    /** The id of a schema, registering it under its full name if the registry does not know it yet. */
    public int idOf(Schema schema) {
        return idsBySchema.computeIfAbsent(schema, this::register);
    }

    /**
     * The schema the registry knows by an id. A registry that does not answer is asked again, with a growing pause,
     * for a while: a consumer reading a record it cannot decode without the registry waits for it as
     * it would for the broker, rather than dead-letter a valid record. An id the registry does not know fails at once.
     * How long it waits is the constructor's {@code patience}.
     */
    public Schema schemaOf(int id) {
        Schema known = schemasById.get(id);
        return known != null ? known : schemasById.computeIfAbsent(id, this::fetchPatiently);
    }

    /** How long a reader waits for a registry that does not answer (as a record is retried for a store away). */
    static final Duration PATIENCE = Duration.ofMinutes(10);

    private Schema fetchPatiently(int id) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pauseMillis = 200;
        while (true) {
            try {
                return fetch(id);
            } catch (Unavailable e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, 10_000);
            }
        }
    }

    /** The registry did not answer, or answered that it cannot now (5xx): worth asking again. */
    static final class Unavailable extends SerializationException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Where the registry serves the schema of an id, for the CloudEvents {@code dataschema}. */
    public String schemaUrl(int id) {
        return base + "/schemas/ids/" + id;
    }

    private int register(Schema schema) {
        String subject = URLEncoder.encode(schema.getFullName(), StandardCharsets.UTF_8);
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schemaType", "AVRO", "schema", schema.toString()));
        } catch (IOException e) {
            throw new SerializationException("schema of " + schema.getFullName() + " not written as JSON", e);
        }
        JsonNode answer = call(HttpRequest.newBuilder(URI.create(base + "/subjects/" + subject + "/versions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)), "register " + schema.getFullName());
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SerializationException("schema registry " + base + " gave no id for " + schema.getFullName()
                    + ": " + answer);
        }
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    private Schema fetch(int id) {
        JsonNode answer = call(HttpRequest.newBuilder(URI.create(schemaUrl(id))).GET(), "read schema " + id);
        String schema = answer.path("schema").asText(null);
        if (schema == null) {
            throw new SerializationException("schema registry " + base + " has no schema " + id + ": " + answer);
        }
        return new Schema.Parser().parse(schema);
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<String> response = http.send(request.header("Content-Type", CONTENT_TYPE)
                    .header("Accept", CONTENT_TYPE).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw new Unavailable("schema registry " + base + " could not " + what + " now: HTTP "
                        + response.statusCode() + " " + response.body(), null);
            }
            if (response.statusCode() / 100 != 2) {
                throw new SerializationException("schema registry " + base + " refused to " + what + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unavailable("schema registry " + base + " did not answer (" + what + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException("interrupted while asking schema registry " + base + " to " + what, e);
        }
    }

    @Override
    public String toString() {
        return "SchemaRegistry[" + base + "]";
    }
}

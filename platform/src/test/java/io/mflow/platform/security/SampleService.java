package io.mflow.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.platform.aggregate.ConcurrentChangeException;
import io.mflow.platform.kafka.PlatformKafkaAutoConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoRepositoriesAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for an mflow service, in an application context and on a port of its own: the platform's
 * auto-configuration (so its one filter chain), rules of its own (GET /whoami for viewers, POST /things for
 * developers; GET /settings, which no rule names, is for admins) and endpoints that answer who called. No broker, no
 * store.
 */
final class SampleService implements AutoCloseable {

    /** Any 32 bytes will do: the platform refuses to start without a key, and nothing here is sealed. */
    static final String SECRET_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final URI uri;

    private SampleService(ConfigurableApplicationContext context) {
        this.context = context;
        this.uri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * @param more       further configuration, such as an API token introspector of the test's own
     * @param properties {@code mflow.security.*} and the like
     */
    static SampleService start(List<Class<?>> more, String... properties) {
        List<String> all = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
                "mflow.secret-key=" + SECRET_KEY, "spring.main.banner-mode=off", "logging.level.root=warn"));
        all.addAll(List.of(properties));
        // as arguments: the platform's defaults would win over the builder's default properties
        return new SampleService(new SpringApplicationBuilder(Application.class).sources(more.toArray(Class<?>[]::new))
                .run(all.stream().map(property -> "--" + property).toArray(String[]::new)));
    }

    HttpResponse<String> get(String path, String token) {
        return send(HttpMethod.GET, path, token);
    }

    HttpResponse<String> post(String path, String token) {
        return send(HttpMethod.POST, path, token);
    }

    /** @param token sent as {@code Authorization: Bearer <token>}; null sends none */
    private HttpResponse<String> send(HttpMethod method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path))
                .method(method.name(), HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RFC 9457 problem document of that status and type. */
    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        context.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {PlatformKafkaAutoConfiguration.class, KafkaAutoConfiguration.class,
            MongoAutoConfiguration.class, DataMongoAutoConfiguration.class, DataMongoRepositoriesAutoConfiguration.class,
            OAuth2AuthorizationServerAutoConfiguration.class, OAuth2AuthorizationServerJwtAutoConfiguration.class})
    @Import(WhoAmI.class)
    static class Application {

        @Bean
        ServiceSecurity sampleRules() {
            return rules -> rules.requestMatchers(HttpMethod.GET, "/whoami", "/contended").hasRole(Role.VIEWER.name())
                    .requestMatchers(HttpMethod.POST, "/things").hasRole(Role.DEVELOPER.name());
        }
    }

    @RestController
    static class WhoAmI {

        @GetMapping("/whoami")
        Caller whoAmI(Authentication authentication) {
            return Caller.of(authentication);
        }

        @PostMapping("/things")
        Caller makeThing(Authentication authentication) {
            return Caller.of(authentication);
        }

        /** No rule names it, so it is for admins only. */
        @GetMapping("/settings")
        Caller settings(Authentication authentication) {
            return Caller.of(authentication);
        }

        /** A change that lost every race to other writers. */
        @GetMapping("/contended")
        Caller contended() {
            throw new ConcurrentChangeException("things/t-1", 10);
        }
    }
}

package io.mflow.platform.security;

import io.mflow.platform.PlatformAutoConfiguration;
import io.mflow.platform.kafka.PlatformKafkaAutoConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoRepositoriesAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OIDC issuer: Spring Authorization Server, with Boot's auto-configuration, in an application context and
 * on a port of its own. Each registered client (client_credentials grant) stands for one user; {@link #CLIENTS}
 * says which claims its access tokens carry besides iss, sub (the client id), iat, nbf, exp and aud, which is
 * {@link #AUDIENCE} unless the client says otherwise.
 */
final class TestIssuer implements AutoCloseable {

    private static final Map<String, Map<String, Object>> CLIENTS = Map.of(
            "viewer", Map.of("preferred_username", "vera", "roles", List.of("VIEWER"), "email", "vera@example.com"),
            "developer", Map.of("preferred_username", "dev", "roles", List.of("DEVELOPER", "AUDITOR"),
                    "email", "dev@example.com"),
            // roles as one string, as some issuers send them
            "admin", Map.of("preferred_username", "ada", "roles", "ADMIN", "email", "ada@example.com"),
            // its tokens expired an hour ago (see expireAnHourAgo)
            "expired", Map.of("preferred_username", "old", "roles", List.of("ADMIN")),
            // for a service that reads the user from other claims: login and groups
            "grouped", Map.of("login", "gus", "groups", List.of("DEVELOPER"), "roles", List.of("ADMIN")),
            // a token the issuer made for another application
            "elsewhere", Map.of("preferred_username", "ada", "roles", List.of("ADMIN"), "aud", List.of("another-app")),
            // what a client is handed at sign-in, an ID token, with the claims only an ID token carries
            "signed-in", Map.of("preferred_username", "ada", "roles", List.of("ADMIN"), "nonce", "n-0S6_WzA2Mj",
                    "at_hash", "77QmUPtjPfzWtF2AnpK9RQ"),
            // an RFC 9068 access token: see typeAtJwt
            "typed", Map.of("preferred_username", "tia", "roles", List.of("VIEWER")),
            // role values that look like ADMIN but are not it
            "pretender", Map.of("preferred_username", "pat", "roles", List.of("VIEWER", "ADMINISTRATOR", "admin ",
                    " ADMIN", "admin", "mflow-admin")));

    /** What the issuer names mflow by in {@code aud}: mflow.security.oidc.audience of the services in the tests. */
    static final String AUDIENCE = "mflow";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final URI uri;

    private TestIssuer(ConfigurableApplicationContext context) {
        this.context = context;
        this.uri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    static TestIssuer start() {
        return start(0);
    }

    /** On a given port, for the service that was told of the issuer before it came up. */
    static TestIssuer start(int port) {
        return new TestIssuer(new SpringApplicationBuilder(Issuer.class).run("--server.address=127.0.0.1",
                "--server.port=" + port, "--spring.main.banner-mode=off", "--logging.level.root=warn"));
    }

    /** The issuer identifier, which is also where its discovery document and keys are. */
    URI uri() {
        return uri;
    }

    /** An access token for the client's user, fetched from the token endpoint as any client would. */
    String tokenFor(String client) {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secretOf(client))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri.resolve("/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the issuer refused " + client + ": " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asString();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Spring Authorization Server refuses two clients with the same secret. */
    private static String secretOf(String client) {
        return client + "-secret";
    }

    @Override
    public void close() {
        context.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {PlatformAutoConfiguration.class, PlatformSecurityAutoConfiguration.class,
            PlatformKafkaAutoConfiguration.class, KafkaAutoConfiguration.class, MongoAutoConfiguration.class,
            DataMongoAutoConfiguration.class, DataMongoRepositoriesAutoConfiguration.class})
    static class Issuer {

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(CLIENTS.keySet().stream()
                    .map(id -> RegisteredClient.withId(id).clientId(id).clientSecret("{noop}" + secretOf(id))
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).build())
                    .toList());
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> claimsOfTheUser() {
            return context -> {
                String client = context.getRegisteredClient().getClientId();
                context.getClaims().audience(List.of(AUDIENCE));
                CLIENTS.get(client).forEach(context.getClaims()::claim);
                if (client.equals("typed")) {
                    context.getJwsHeader().type("at+jwt");
                }
                if (client.equals("expired")) {
                    expireAnHourAgo(context);
                }
            };
        }

        /** Further back than the minute of clock skew a resource server allows. */
        private static void expireAnHourAgo(JwtEncodingContext context) {
            Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
            context.getClaims().issuedAt(twoHoursAgo).notBefore(twoHoursAgo)
                    .expiresAt(twoHoursAgo.plus(Duration.ofHours(1)));
        }
    }
}

package io.mflow.task.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/** The dashboard's SSO client is made when someone first signs in with SSO, so the issuer may be away at start. */
class IssuerRegistrationsTest {

    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void anIssuerThatIsAwayIsAskedAgainAtTheNextSignInAndOneThatAnsweredIsKept() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        AtomicBoolean away = new AtomicBoolean(true);
        server.createContext("/.well-known/openid-configuration", exchange -> {
            asked.incrementAndGet();
            byte[] body = ("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                    + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(away.get() ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            IssuerRegistrations registrations = new IssuerRegistrations(URI.create(issuer), "dashboard", "secret",
                    List.of("openid"), Duration.ofSeconds(1));
            assertThat(asked).as("nothing is asked before a sign-in").hasValue(0);
            assertThat(registrations.findByRegistrationId("sso")).as("the issuer is away").isNull();

            away.set(false);
            var found = registrations.findByRegistrationId("sso");
            assertThat(found).isNotNull();
            assertThat(found.getProviderDetails().getAuthorizationUri()).isEqualTo(issuer + "/authorize");
            assertThat(found.getProviderDetails().getIssuerUri()).isEqualTo(issuer);
            assertThat(found.getClientAuthenticationMethod()).isEqualTo(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
            assertThat(registrations.findByRegistrationId("sso")).isSameAs(found);
            assertThat(asked).hasValue(2);
            assertThat(registrations.findByRegistrationId("github")).isNull();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDocumentNamingAnotherIssuerIsRefused() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", exchange -> {
            byte[] body = ("{\"issuer\":\"https://elsewhere.example.com\",\"authorization_endpoint\":\"x\","
                    + "\"token_endpoint\":\"y\",\"jwks_uri\":\"z\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            IssuerRegistrations registrations = new IssuerRegistrations(URI.create(issuer), "dashboard", null,
                    List.of("openid"), Duration.ofSeconds(1));
            assertThat(registrations.findByRegistrationId("sso")).isNull();
        } finally {
            server.stop(0);
        }
    }
}

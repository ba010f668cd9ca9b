package io.mflow.platform.security;

import static io.mflow.platform.security.SampleService.assertProblem;
import static io.mflow.platform.security.SampleService.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the checker of a token does not answer (task-service for an API token, the SSO issuer for a JWT), the
 * caller's token may well be good: they are told to try again (503 with Retry-After), not that it is bad (401) or
 * that the service broke (500).
 */
class TokenCheckUnavailableTest {

    /** Shaped like a JWT, so it goes to the issuer; the issuer's absence is found before its signature is read. */
    private static final String SOME_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ2ZXJhIn0.c2lnbmF0dXJl";

    @Test
    void anApiTokenIsAnswered503WhileTaskServiceIsAway() {
        try (SampleService service = SampleService.start(List.of(),
                "mflow.security.token-service=http://127.0.0.1:" + closedPort())) {
            assertTryAgain(service.get("/whoami", "mflow_some_token"));
        }
    }

    @Test
    void aServiceStartsWhileTheIssuerIsAwayAndAcceptsItsTokensOnceItIsBack() {
        int issuerPort = closedPort();
        try (SampleService service = SampleService.start(List.of(),
                "mflow.security.oidc.issuer-uri=http://127.0.0.1:" + issuerPort,
                "mflow.security.oidc.audience=" + TestIssuer.AUDIENCE)) {
            assertThat(service.get("/actuator/health", null).statusCode()).isEqualTo(200);
            assertTryAgain(service.get("/whoami", SOME_JWT));

            try (TestIssuer issuer = TestIssuer.start(issuerPort)) {
                HttpResponse<String> whoAmI = service.get("/whoami", issuer.tokenFor("viewer"));

                assertThat(whoAmI.statusCode()).isEqualTo(200);
                assertThat(json(whoAmI).get("name").asString()).isEqualTo("vera");
            }
        }
    }

    private static void assertTryAgain(HttpResponse<String> response) {
        assertProblem(response, 503, "urn:mflow:problem:token-check-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue(SecurityProblems.RETRY_AFTER_SECONDS);
        assertThat(json(response).get("detail").asString()).startsWith("the token could not be checked now");
    }

    /** A port nothing listens on (until a test starts something there). */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** A dashboard session left alone longer than the idle timeout asks to sign in again. */
@TestPropertySource(properties = "mflow.dashboard.idle-timeout=2s")
class DashboardIdleTimeoutIT extends TaskServiceHarness {

    @Test
    void aSessionLeftIdleEndsAndAsksToSignInAgain() throws Exception {
        DashboardSession session = new DashboardSession(uri("/")).signedIn(userWithToken("ui-idle", "VIEWER"));
        assertThat(session.get("/").statusCode()).isEqualTo(200);
        Thread.sleep(1_000);
        assertThat(session.get("/").statusCode()).as("a click keeps it alive").isEqualTo(200);
        Thread.sleep(3_500);
        HttpResponse<String> after = session.get("/");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }
}

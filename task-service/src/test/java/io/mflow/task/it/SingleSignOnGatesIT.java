package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on names beside local users at the gates: an issuer on a port of its own signs access tokens for
 * mflow, and whoever the issuer calls {@code alix} is not the local user {@code alix} an admin made, nor the other
 * way round. An SSO caller is {@code alix@<issuer>} wherever task-service compares people.
 */
class SingleSignOnGatesIT extends TaskServiceHarness {

    private static final String AUDIENCE = "mflow";
    private static final TestIssuer ISSUER = TestIssuer.start("mflow-dashboard", "dashboard-secret");

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        registry.add("mflow.security.oidc.issuer-uri", ISSUER::uri);
        registry.add("mflow.security.oidc.audience", () -> AUDIENCE);
    }

    private Response decide(String jobTaskId, String token, String decision) {
        return call("POST", "/api/v1/job-tasks/" + jobTaskId + "/audit",
                json(Map.of("decision", decision, "comment", "checked")), token);
    }

    /** A single run, as {@code token}'s holder, of a job whose audit lists {@code auditors}. */
    private String runAudited(String jobName, List<String> auditors, String token) {
        Response job = post("/api/v1/jobs", json(Map.of("name", jobName, "runnerSpec", "true",
                "audit", Map.of("auditors", auditors))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Response run = call("POST", "/api/v1/job-tasks", json(Map.of("job", jobName)), token);
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        return run.json().path("id").asString();
    }

    @Test
    void anSsoCallerIsTheirNameAtTheIssuer() {
        Response me = call("GET", "/api/v1/me", null, ISSUER.tokenFor("alix", "VIEWER", AUDIENCE));

        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().path("name").asString()).isEqualTo("alix");
        assertThat(me.json().path("identity").asString()).isEqualTo("alix@" + ISSUER.uri());
        assertThat(get("/api/v1/me").json().path("identity").asString()).isEqualTo("admin");
    }

    @Test
    void anSsoUserNamedLikeALocalAuditorCannotDecideOrSkipInTheirPlace() {
        String localAlix = userWithToken("alix", "VIEWER");
        String ssoAlix = ISSUER.tokenFor("alix", "DEVELOPER", AUDIENCE);
        String jt = runAudited("sso-local-gate", List.of("alix"), ADMIN_TOKEN);

        Response impostor = decide(jt, ssoAlix, "PASS");
        assertThat(impostor.status()).as(impostor.body()).isEqualTo(403);
        assertThat(impostor.json().path("detail").asString()).contains("alix@" + ISSUER.uri(), "not among the auditors");
        Response deniedByImpostor = decide(jt, ssoAlix, "DENY");
        assertThat(deniedByImpostor.status()).isEqualTo(403);
        Response skip = call("POST", "/api/v1/job-tasks/" + jt + "/skip", json(Map.of("reason", "I am alix")),
                ssoAlix);
        assertThat(skip.status()).as(skip.body()).isEqualTo(403);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("audit").path("decisions").size()).isZero();

        Response real = decide(jt, localAlix, "PASS");
        assertThat(real.status()).as(real.body()).isEqualTo(200);
        assertThat(real.json().path("audit").path("stage").asString()).isEqualTo("PASS");
        assertThat(real.json().path("audit").path("decisions").get(0).path("by").asString()).isEqualTo("alix");
    }

    @Test
    void aLocalUserCannotDecideAtAGateThatListsTheSsoUserOfTheirName() {
        String localBea = userWithToken("bea", "DEVELOPER");
        String ssoBea = ISSUER.tokenFor("bea", "VIEWER", AUDIENCE);
        String ssoBeaIdentity = "bea@" + ISSUER.uri();
        String jt = runAudited("sso-listed-gate", List.of(ssoBeaIdentity), localBea);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("triggeredBy").asString()).isEqualTo("bea");

        Response impostor = decide(jt, localBea, "PASS");
        assertThat(impostor.status()).as(impostor.body()).isEqualTo(403);
        assertThat(impostor.json().path("detail").asString()).contains("not among the auditors");

        Response real = decide(jt, ssoBea, "PASS");
        assertThat(real.status()).as(real.body()).isEqualTo(200);
        assertThat(real.json().path("audit").path("decisions").get(0).path("by").asString())
                .isEqualTo(ssoBeaIdentity);
    }

    @Test
    void whoStartedARunIsKeptWithTheirIssuerSoFourEyesTellThemApart() {
        String localCyd = userWithToken("cyd", "VIEWER");
        String ssoCyd = ISSUER.tokenFor("cyd", "DEVELOPER", AUDIENCE);
        String ssoCydIdentity = "cyd@" + ISSUER.uri();
        String jt = runAudited("sso-four-eyes", List.of("cyd", ssoCydIdentity), ssoCyd);
        assertThat(get("/api/v1/job-tasks/" + jt).json().path("triggeredBy").asString()).isEqualTo(ssoCydIdentity);

        Response self = decide(jt, ssoCyd, "PASS");
        assertThat(self.status()).as(self.body()).isEqualTo(403);
        assertThat(self.json().path("detail").asString()).contains("four eyes");
        Response other = decide(jt, localCyd, "PASS");
        assertThat(other.status()).as("the local cyd is another person").isEqualTo(200);
        assertThat(other.json().path("audit").path("stage").asString()).isEqualTo("PASS");
    }
}

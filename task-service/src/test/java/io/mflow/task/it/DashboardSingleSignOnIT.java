package io.mflow.task.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Sign in with SSO" through the OIDC authorization-code flow, with an issuer on a port of its own: its discovery
 * document, keys, sign-in page (which signs in whoever the test says) and token endpoint. The session then holds the
 * issuer's access token, and the roles claim in it decides which pages and buttons the person gets.
 */
class DashboardSingleSignOnIT extends TaskServiceHarness {

    private static final String AUDIENCE = "mflow";
    private static final String CLIENT_ID = "mflow-dashboard";
    private static final String CLIENT_SECRET = "dashboard-secret";
    private static final TestIssuer ISSUER = TestIssuer.start(CLIENT_ID, CLIENT_SECRET);

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        registry.add("mflow.security.oidc.issuer-uri", ISSUER::uri);
        registry.add("mflow.security.oidc.audience", () -> AUDIENCE);
        registry.add("mflow.dashboard.sso.client-id", () -> CLIENT_ID);
        registry.add("mflow.dashboard.sso.client-secret", () -> CLIENT_SECRET);
    }

    /** The whole flow as a browser goes through it: our button, the issuer's page, back with a code, signed in. */
    private HttpResponse<String> signInThroughSso(DashboardSession browser, String startAt) {
        HttpResponse<String> login = browser.get("/login");
        assertThat(login.body()).contains("Sign in with SSO", "href=\"/oauth2/authorization/sso\"");
        HttpResponse<String> toIssuer = browser.get("/oauth2/authorization/sso");
        assertThat(toIssuer.statusCode()).as(toIssuer.body()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(toIssuer)).startsWith(ISSUER.uri() + "/authorize?");
        HttpResponse<String> back = browser.get(DashboardSession.locationOf(toIssuer));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        String home = "http://127.0.0.1:" + port;
        assertThat(DashboardSession.locationOf(back)).as(startAt).startsWith(home + "/login/oauth2/code/sso?code=");
        return browser.get(DashboardSession.locationOf(back).substring(home.length()));
    }

    @Test
    void anSsoViewerSignsInAndTheirRolesDecideWhatTheyGet() {
        ISSUER.nextSignIn("sue", "VIEWER", AUDIENCE);
        DashboardSession browser = new DashboardSession(uri("/"));

        HttpResponse<String> signedIn = signInThroughSso(browser, "/");

        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(signedIn)).endsWith("/");
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
        assertThat(home.body()).contains("sue").doesNotContain("href=\"/admin/users\"");
        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(403);
        HttpResponse<String> tokens = browser.get("/tokens");
        assertThat(tokens.statusCode()).isEqualTo(200);
        assertThat(tokens.body()).contains("signed in through SSO").doesNotContain("id=\"new-token\"");
        assertThat(browser.post("/tokens", "name", "sneaky").statusCode()).isEqualTo(403);
        assertThat(home.body()).doesNotContain(ISSUER.lastAccessToken);
    }

    @Test
    void anSsoAdminGetsTheAdminPagesAndComesBackToThePageTheyAskedFor() {
        ISSUER.nextSignIn("ada", "ADMIN", AUDIENCE);
        DashboardSession browser = new DashboardSession(uri("/"));
        HttpResponse<String> asked = browser.get("/admin/users");
        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(asked)).endsWith("/login");

        HttpResponse<String> signedIn = signInThroughSso(browser, "/admin/users");

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(signedIn)).endsWith("/admin/users");
        HttpResponse<String> users = browser.get("/admin/users");
        assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        assertThat(users.body()).contains("href=\"/admin/users\"", "id=\"new-user\"", "ada");
    }

    @Test
    void anAccessTokenMadeForAnotherApplicationSignsNobodyIn() {
        ISSUER.nextSignIn("eve", "ADMIN", "some-other-app");
        DashboardSession browser = new DashboardSession(uri("/"));

        HttpResponse<String> refused = signInThroughSso(browser, "/");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(DashboardSession.locationOf(refused)).endsWith("/login?ssoFailed");
        assertThat(browser.get("/login?ssoFailed").body()).contains("did not succeed");
        assertThat(browser.get("/admin/users").statusCode()).isEqualTo(302);
    }
}

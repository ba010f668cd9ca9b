package io.mflow.task.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What task-service reads under {@code mflow.*} beyond the platform's settings.
 *
 * @param secretKey      base64 of 32 bytes; seals secrets ({@code MFLOW_SECRET_KEY}; the platform refuses to start
 *                       without it)
 * @param adminToken     the first admin's token on an engine's first start ({@code MFLOW_ADMIN_TOKEN}); unset, a new
 *                       one is made and written to {@code adminTokenFile}
 * @param adminTokenFile where a made first admin token is written, readable by its owner only
 *                       ({@code MFLOW_ADMIN_TOKEN_FILE})
 * @param jobs           which runner types each role may define jobs of
 * @param runner         the LOCAL runner's switch, which runner-service reads too
 * @param services       where the engine's other services answer, for what task-service shows of theirs
 * @param dashboard      the dashboard's own settings
 */
@ConfigurationProperties("mflow")
public record TaskServiceProperties(String secretKey,
                                    String adminToken,
                                    @DefaultValue("data/admin.token") Path adminTokenFile,
                                    @DefaultValue Jobs jobs,
                                    @DefaultValue Runner runner,
                                    @DefaultValue Services services,
                                    @DefaultValue Dashboard dashboard) {

    /**
     * @param runnerTypes by role ({@code mflow.jobs.runner-types.DEVELOPER=K8S_JOB,AGENT}): the runner types a caller
     *                    granted that role may define jobs of; a role not named may define every type
     */
    public record Jobs(@DefaultValue Map<String, List<String>> runnerTypes) {
    }

    public record Runner(@DefaultValue Local local) {
    }

    /** @param enabled whether LOCAL jobs run in this installation ({@code MFLOW_RUNNER_LOCAL_ENABLED}) */
    public record Local(@DefaultValue("true") boolean enabled) {
    }

    /**
     * The other services task-service asks on a caller's behalf (the agents list, the notice endpoints), with the
     * caller's own token.
     *
     * @param runnerUrl runner-service's base URL ({@code MFLOW_RUNNER_SERVICE_URL})
     * @param notifyUrl notify-service's base URL ({@code MFLOW_NOTIFY_SERVICE_URL})
     * @param timeout   how long to wait for one to connect, and again to answer, before it counts as away (503)
     */
    public record Services(@DefaultValue("http://127.0.0.1:8082") URI runnerUrl,
                           @DefaultValue("http://127.0.0.1:8083") URI notifyUrl,
                           @DefaultValue("5s") Duration timeout) {
    }

    public record Dashboard(@DefaultValue Sso sso) {
    }

    /**
     * "Sign in with SSO": the dashboard's client at the issuer of {@code mflow.security.oidc.issuer-uri}; offered
     * when that issuer and a client id are set.
     *
     * @param clientId     the dashboard's client id at the issuer ({@code MFLOW_DASHBOARD_SSO_CLIENT_ID})
     * @param clientSecret its secret ({@code MFLOW_DASHBOARD_SSO_CLIENT_SECRET}); blank for a public client
     * @param scopes       what the dashboard asks the issuer for; {@code openid} makes it an OIDC sign-in
     */
    public record Sso(String clientId, String clientSecret,
                      @DefaultValue({"openid", "profile", "email"}) List<String> scopes) {

        @Override
        public String toString() {
            return "Sso[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? null : "******")
                    + ", scopes=" + scopes + "]";
        }
    }
}

package io.mflow.task.adapter.rest;

import io.mflow.platform.security.Caller;
import io.mflow.platform.security.Role;
import io.mflow.platform.security.ServiceSecurity;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Who may call what on task-service. Reading is for viewers, defining and running for developers, users for
 * admins; a user manages their own tokens. What task-service reads from runner- and notify-service for a caller
 * needs what the owning service asks (it asks again, with the caller's token). A runner's status report carries the task's update token instead.
 */
@Component
class TaskServiceSecurity implements ServiceSecurity {

    static final String STATUS = "/api/v1/job-tasks/{id}/status";

    @Override
    public void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, "/api/v1/me").authenticated()
                .requestMatchers("/api/v1/users/{name}/tokens", "/api/v1/users/{name}/tokens/**")
                .access((authentication, context) -> new AuthorizationDecision(
                        ownerOrAdmin(authentication.get(), context.getVariables().get("name"))))
                // notify-service shows its endpoints to admins only (their addresses name other systems)
                .requestMatchers("/api/v1/notify/endpoints", "/api/v1/notify/endpoints/**").hasRole(Role.ADMIN.name())
                .requestMatchers(HttpMethod.GET, "/api/v1/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                        "/swagger-ui/**").hasRole(Role.VIEWER.name())
                .requestMatchers("/api/v1/users", "/api/v1/users/**").hasRole(Role.ADMIN.name())
                // defining and running: a DEVELOPER, or a DEVELOPER of some namespace, whose controller then checks
                // the namespace of what is defined, run or deleted (Namespaces, Access)
                .requestMatchers(HttpMethod.POST, "/api/v1/jobs", "/api/v1/pipelines", "/api/v1/pipelines/{id}/runs",
                        "/api/v1/builds",
                        "/api/v1/job-tasks", "/api/v1/jobs/{id}/deprecate")
                .access((authentication, context) -> new AuthorizationDecision(
                        Caller.of(authentication.get()).isSomewhere(Role.DEVELOPER)))
                .requestMatchers(HttpMethod.PUT, "/api/v1/pipelines/{id}", "/api/v1/builds/{id}")
                .access((authentication, context) -> new AuthorizationDecision(
                        Caller.of(authentication.get()).isSomewhere(Role.DEVELOPER)))
                .requestMatchers(HttpMethod.DELETE, "/api/v1/pipelines/{id}", "/api/v1/jobs/{id}", "/api/v1/builds/{id}",
                        "/api/v1/pipeline-tasks/{id}")
                .access((authentication, context) -> new AuthorizationDecision(
                        Caller.of(authentication.get()).isSomewhere(Role.DEVELOPER)))
                // asking for a release approval is defining: a DEVELOPER of its pipeline's namespace (checked there);
                // who submits, decides, runs and closes is the approval's own rule, whatever the caller's role
                .requestMatchers(HttpMethod.POST, "/api/v1/approvals")
                .access((authentication, context) -> new AuthorizationDecision(
                        Caller.of(authentication.get()).isSomewhere(Role.DEVELOPER)))
                .requestMatchers(HttpMethod.PUT, "/api/v1/approvals/{id}")
                .access((authentication, context) -> new AuthorizationDecision(
                        Caller.of(authentication.get()).isSomewhere(Role.DEVELOPER)))
                .requestMatchers(HttpMethod.DELETE, "/api/v1/approvals/{id}")
                .access((authentication, context) -> new AuthorizationDecision(
                        Caller.of(authentication.get()).isSomewhere(Role.DEVELOPER)))
                .requestMatchers(HttpMethod.POST, "/api/v1/approvals/{id}/submit", "/api/v1/approvals/{id}/pass",
                        "/api/v1/approvals/{id}/deny", "/api/v1/approvals/{id}/run", "/api/v1/approvals/{id}/close")
                .hasRole(Role.VIEWER.name())
                .requestMatchers(HttpMethod.POST, "/api/v1/pipeline-tasks/{id}/cancel",
                        "/api/v1/job-tasks/{id}/cancel", "/api/v1/job-tasks/{id}/skip", "/api/v1/job-tasks/{id}/retry")
                .hasRole(Role.DEVELOPER.name())
                // Whoever is listed on the gate decides there, whatever their role: the gate checks who they are.
                .requestMatchers(HttpMethod.POST, "/api/v1/job-tasks/{id}/audit", "/api/v1/job-tasks/{id}/confirm")
                .hasRole(Role.VIEWER.name());
    }

    @Override
    public List<RequestMatcher> ownCredential() {
        // Feishu and Slack cannot send an mflow token: their callbacks are verified by their own signatures; a
        // provider proves its delivery with a build configuration's secret (TriggerController), never a token
        return List.of(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, STATUS),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, TriggerController.GITLAB),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, TriggerController.GITHUB),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, TriggerController.GENERIC),
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, ApprovalCallbacks.PATHS));
    }

    /**
     * Ownership counts for callers who came with one of this user's API tokens only: a single sign-on user who
     * happens to share the name of a local user is someone else, and manages local tokens only as an admin.
     */
    private static boolean ownerOrAdmin(Authentication authentication, String name) {
        Caller caller = Caller.of(authentication);
        return caller.is(Role.ADMIN) || (!Caller.cameThroughSingleSignOn(authentication) && caller.name().equals(name));
    }
}

package io.mflow.notify.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's state as a git provider shows it on the commit it builds, from the change of its pipeline task. GitLab knows
 * a running state; GitHub does not (pending), and has no canceled one (error). A skipped run verified nothing, so it
 * is reported as neither success nor failure: canceled on GitLab, error on GitHub.
 *
 * @param context     {@code mflow/<pipeline name>}: the label the provider keeps one status per, so each change
 *                    replaces the one before
 * @param targetUrl   the run, or null when no base url makes a link (the field is then left out: GitHub refuses an
 *                    empty one)
 * @param description one short line, at most {@link #DESCRIPTION_LIMIT} characters
 */
public record CommitStatus(String stage, String context, String targetUrl, String description) {

    /** GitHub shows about this much and refuses a long one; GitLab shows the same line. */
    public static final int DESCRIPTION_LIMIT = 140;

    public static CommitStatus of(Notice notice) {
        String name = notice.pipelineName() == null || notice.pipelineName().isBlank() ? "mflow"
                : "mflow/" + notice.pipelineName();
        return new CommitStatus(notice.stage(), name, notice.link(), cut(describe(notice)));
    }

    /** GitLab: pending, running, success, failed or canceled. */
    public String gitlabState() {
        return switch (stage == null ? "" : stage) {
            case "ACTIVE", "CANCELING" -> "running";
            case "SUCCEEDED" -> "success";
            case "FAILED" -> "failed";
            case "CANCELED", "SKIPPED" -> "canceled";
            default -> "pending";
        };
    }

    /** GitHub: pending, success, failure or error. */
    public String githubState() {
        return switch (stage == null ? "" : stage) {
            case "SUCCEEDED" -> "success";
            case "FAILED" -> "failure";
            case "CANCELED", "SKIPPED" -> "error";
            default -> "pending";
        };
    }

    /** The JSON body of GitLab's {@code POST /projects/:id/statuses/:sha}. */
    public Map<String, String> gitlabBody() {
        return body("state", gitlabState(), "name");
    }

    /** The JSON body of GitHub's {@code POST /repos/:owner/:repo/statuses/:sha}. */
    public Map<String, String> githubBody() {
        return body("state", githubState(), "context");
    }

    private Map<String, String> body(String stateField, String state, String contextField) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put(stateField, state);
        body.put(contextField, context);
        if (targetUrl != null) {
            body.put("target_url", targetUrl);
        }
        body.put("description", description);
        return body;
    }

    private static String describe(Notice notice) {
        String stage = notice.stage() == null ? "" : notice.stage();
        String took = notice.duration() == null ? "" : " in " + shown(notice.duration().toSeconds());
        return switch (stage) {
            case "PENDING", "SCHEDULING", "CREATING" -> "The run is waiting to start";
            case "ACTIVE" -> "The run is running";
            case "CANCELING" -> "The run is being canceled";
            case "SUCCEEDED" -> "The run succeeded" + took;
            case "FAILED" -> "The run failed" + took + (notice.message() == null || notice.message().isBlank()
                    ? "" : ": " + notice.message().strip());
            case "CANCELED" -> "The run was canceled" + took;
            case "SKIPPED" -> "The run was skipped";
            default -> "The run is " + stage.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String shown(long seconds) {
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }

    private static String cut(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= DESCRIPTION_LIMIT ? line : line.substring(0, DESCRIPTION_LIMIT - 1) + "…";
    }
}

package io.mflow.task.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One event a provider delivered, read from its body and headers into what a build needs. {@code event} is null
 * for a kind mflow does not build on (an issue, a comment, a ping): such a delivery is recorded, never run.
 *
 * @param eventName  the provider's name of it, as sent ({@code Push Hook}, {@code pull_request})
 * @param deliveryId the provider's id of this delivery; the same when it delivers again
 * @param ref        the ref conditions match: the branch of a push, the tag of a tag push, a merge request's target
 * @param commit     the commit the push points to (GitLab's {@code checkout_sha}, else {@code after}), a merge
 *                   request's last commit
 * @param instance   where it came from, as the provider says ({@code X-Gitlab-Instance}); null when it does not
 * @param userAgent  the sender's {@code User-Agent} (names the provider's version)
 */
public record GitDelivery(GitProvider provider, String eventName, GitEvent event, String deliveryId,
                          String repository, String ref, String branch, String tag, String commit, String user,
                          String projectName, String sshUrl, String httpUrl, String mrAction, String mrStatus,
                          String sourceBranch, String targetBranch, String instance, String userAgent) {

    private static final String HEADS = "refs/heads/";
    private static final String TAGS = "refs/tags/";
    /** A deleted branch or tag: GitLab and GitHub send forty zeros as the commit it points to. */
    private static final String NO_COMMIT = "0000000000000000000000000000000000000000";

    /** A GitLab delivery: {@code X-Gitlab-Event} and the body as JSON objects, arrays and values. */
    public static GitDelivery gitlab(String eventName, String deliveryId, Map<String, Object> body) {
        GitEvent event = GitEvent.named(eventName).orElse(null);
        Map<String, Object> project = object(body, "project");
        String repository = text(project, "path_with_namespace");
        String user = firstOf(text(body, "user_username"), text(object(body, "user"), "username"),
                text(body, "user_name"));
        String projectName = text(project, "name");
        String ssh = text(project, "git_ssh_url");
        String http = text(project, "git_http_url");
        if (event == GitEvent.MERGE_REQUEST) {
            Map<String, Object> mr = object(body, "object_attributes");
            String target = text(mr, "target_branch");
            return new GitDelivery(GitProvider.GITLAB, eventName, event, deliveryId, repository, target, target, null,
                    text(object(mr, "last_commit"), "id"), user, projectName, ssh, http, text(mr, "action"),
                    firstOf(text(mr, "merge_status"), text(mr, "detailed_merge_status")), text(mr, "source_branch"),
                    target, null, null);
        }
        // never the last element of commits (the reference's choice): that list is capped and ordered by GitLab
        String commit = pointedTo(firstOf(text(body, "checkout_sha"), text(body, "after")));
        return pushed(GitProvider.GITLAB, eventName, event, deliveryId, repository, text(body, "ref"), commit, user,
                projectName, ssh, http);
    }

    /** A GitHub delivery: {@code X-GitHub-Event} and the body. A push of a tag comes as {@code push} too. */
    public static GitDelivery github(String eventName, String deliveryId, Map<String, Object> body) {
        GitEvent event = GitEvent.named(eventName).orElse(null);
        Map<String, Object> repo = object(body, "repository");
        String user = firstOf(text(object(body, "sender"), "login"), text(object(body, "pusher"), "name"));
        if (event == GitEvent.MERGE_REQUEST) {
            Map<String, Object> pull = object(body, "pull_request");
            String target = text(object(pull, "base"), "ref");
            return new GitDelivery(GitProvider.GITHUB, eventName, event, deliveryId, text(repo, "full_name"), target,
                    target, null, text(object(pull, "head"), "sha"), user, text(repo, "name"),
                    text(repo, "ssh_url"), text(repo, "clone_url"), text(body, "action"),
                    firstOf(text(pull, "mergeable_state"), text(pull, "state")), text(object(pull, "head"), "ref"),
                    target, null, null);
        }
        String ref = text(body, "ref");
        if (event == GitEvent.PUSH && ref != null && ref.startsWith(TAGS)) {
            event = GitEvent.TAG;
        }
        return pushed(GitProvider.GITHUB, eventName, event, deliveryId, text(repo, "full_name"), ref,
                pointedTo(firstOf(text(body, "after"), text(object(body, "head_commit"), "id"))), user,
                text(repo, "name"), text(repo, "ssh_url"), text(repo, "clone_url"));
    }

    /**
     * A generic delivery: {@code {repository, event: PUSH|TAG|MERGE_REQUEST, ref, commit, sourceBranch,
     * targetBranch, user, projectName, sshUrl, httpUrl, action, status}}; {@code ref} may be a full ref or a name.
     */
    public static GitDelivery generic(String deliveryId, Map<String, Object> body) {
        String eventName = text(body, "event");
        GitEvent event = GitEvent.named(eventName).orElse(null);
        String ref = text(body, "ref");
        if (event == GitEvent.MERGE_REQUEST) {
            String target = firstOf(text(body, "targetBranch"), ref);
            return new GitDelivery(GitProvider.GENERIC, eventName, event, deliveryId, text(body, "repository"), target,
                    target, null, text(body, "commit"), text(body, "user"), text(body, "projectName"),
                    text(body, "sshUrl"), text(body, "httpUrl"), text(body, "action"), text(body, "status"),
                    text(body, "sourceBranch"), target, null, null);
        }
        if (ref != null && event == GitEvent.PUSH && !ref.startsWith("refs/")) {
            ref = HEADS + ref;
        } else if (ref != null && event == GitEvent.TAG && !ref.startsWith("refs/")) {
            ref = TAGS + ref;
        }
        return pushed(GitProvider.GENERIC, eventName, event, deliveryId, text(body, "repository"), ref,
                text(body, "commit"), text(body, "user"), text(body, "projectName"), text(body, "sshUrl"),
                text(body, "httpUrl"));
    }

    private static GitDelivery pushed(GitProvider provider, String eventName, GitEvent event, String deliveryId,
                                      String repository, String fullRef, String commit, String user,
                                      String projectName, String ssh, String http) {
        String branch = fullRef != null && fullRef.startsWith(HEADS) ? fullRef.substring(HEADS.length()) : null;
        String tag = fullRef != null && fullRef.startsWith(TAGS) ? fullRef.substring(TAGS.length()) : null;
        String ref = event == GitEvent.TAG ? tag : event == GitEvent.PUSH ? branch : fullRef;
        return new GitDelivery(provider, eventName, event, deliveryId, repository, ref,
                event == GitEvent.TAG ? null : branch, tag, commit, user, projectName, ssh, http, null, null, null,
                null, null, null);
    }

    /** The same delivery, with where it came from and who sent it, as the request's headers say. */
    public GitDelivery from(String instanceHeader, String userAgentHeader) {
        return new GitDelivery(provider, eventName, event, deliveryId, repository, ref, branch, tag, commit, user,
                projectName, sshUrl, httpUrl, mrAction, mrStatus, sourceBranch, targetBranch, instanceHeader,
                userAgentHeader);
    }

    /** Whether mflow builds on this kind of event at all. */
    public boolean buildable() {
        return event != null && repository != null && !repository.isBlank();
    }

    /** The provider's user, as runs name who started them. */
    public String triggeredBy() {
        return provider.userName(user);
    }

    private static String pointedTo(String commit) {
        return NO_COMMIT.equals(commit) ? null : commit;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> in, String key) {
        Object value = in == null ? null : in.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String text(Map<String, Object> in, String key) {
        Object value = in == null ? null : in.get(key);
        return value == null || value instanceof Map<?, ?> || value instanceof List<?> ? null
                : Optional.of(value.toString()).filter(s -> !s.isBlank()).orElse(null);
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}

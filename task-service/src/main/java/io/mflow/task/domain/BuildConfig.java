package io.mflow.task.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a repository's events start: on events its {@code condition} takes, a run of pipeline {@code pipelineId}.
 * {@code secret} (the shared webhook secret) and {@code providerToken} are stored sealed, and so are the values of
 * sensitive {@code customParams}.
 *
 * @param repository   GitLab's {@code path_with_namespace}, GitHub's {@code full_name}, a generic sender's name
 * @param queue        runs of this configuration one after another, in the order their events came
 * @param providerUrl  the provider's API base, for commit statuses (with {@code providerToken})
 */
public record BuildConfig(String id, String name, String description, String namespace, boolean enabled,
                          String pipelineId, String repository, BuildCondition condition,
                          List<CustomParam> customParams, VersionRule versionRule, String versionPrefix,
                          boolean queue, Map<String, String> labels, String secret, String providerToken,
                          String providerUrl, Instant createdAt, String createdBy, Instant updatedAt) {

    public static final String DEFAULT_VERSION_PREFIX = "v";
    /** The labels a triggered run carries: label keys cannot hold '.', so no {@code mflow.io/}. */
    public static final String CONFIG_LABEL = "mflow.io/build-config";
    public static final String EVENT_LABEL = "mflow.io/trigger-event";

    /** How APP_VERSION is named: {@code v20230203-master-20658a8f}, or the pushed tag. */
    public enum VersionRule { DATE_BRANCH_COMMIT, GIT_TAG }

    /** A param every run of this configuration gets; a sensitive one's value is stored sealed. */
    public record CustomParam(String name, String value, boolean sensitive) {
    }

    public BuildConfig {
        namespace = namespace == null || namespace.isBlank() ? Job.DEFAULT_NAMESPACE : namespace.trim();
        condition = condition == null ? BuildCondition.ALWAYS : condition;
        customParams = customParams == null ? List.of() : List.copyOf(customParams);
        versionRule = versionRule == null ? VersionRule.DATE_BRANCH_COMMIT : versionRule;
        versionPrefix = versionPrefix == null ? DEFAULT_VERSION_PREFIX : versionPrefix;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Why this configuration cannot be kept, each problem naming its field; empty when it can. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        addIfAny(problems, Limits.checkName("name", name, null));
        addIfAny(problems, Limits.checkName("repository", repository, null));
        addIfAny(problems, Limits.checkName("pipelineId", pipelineId, null));
        addIfAny(problems, Limits.checkLength("description", description, Limits.TEXT_LENGTH));
        addIfAny(problems, Limits.checkLength("versionPrefix", versionPrefix, Limits.NAME_LENGTH));
        addIfAny(problems, Limits.checkEntries("labels", labels, Limits.TEXT_LENGTH, false));
        addIfAny(problems, Limits.checkLength("secret", secret, Limits.TEXT_LENGTH));
        addIfAny(problems, Limits.checkLength("providerToken", providerToken, Limits.TEXT_LENGTH));
        addIfAny(problems, Limits.checkLength("providerUrl", providerUrl, Limits.TEXT_LENGTH));
        addIfAny(problems, Limits.checkCount("condition.refs", condition.refs().size(), Limits.ENTRIES));
        addIfAny(problems, Limits.checkCount("customParams", customParams.size(), Limits.ENTRIES));
        for (int i = 0; i < condition.refs().size(); i++) {
            String problem = condition.refs().get(i).problem();
            if (problem != null) {
                problems.add("condition.refs[" + i + "].pattern " + problem);
            }
        }
        for (int i = 0; i < customParams.size(); i++) {
            CustomParam param = customParams.get(i);
            addIfAny(problems, Limits.checkName("customParams[" + i + "].name", param.name(), null));
            addIfAny(problems, Limits.firstOf(Limits.checkParamValue("customParams[" + i + "].value", param.value()),
                    Limits.checkBytes("customParams[" + i + "].value", param.value(), Limits.VALUE_BYTES)));
        }
        if (providerUrl != null && !providerUrl.startsWith("https://") && !providerUrl.startsWith("http://")) {
            problems.add("providerUrl must be an http(s) url, not '" + providerUrl + "'");
        }
        return problems;
    }

    private static void addIfAny(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    /** Whether a delivery that reached this configuration starts a run of it. */
    public boolean takes(GitDelivery delivery) {
        return enabled && delivery.buildable() && condition.matches(delivery.event(), delivery.ref());
    }

    /**
     * The params of the run a delivery starts: the custom params (their values opened), then what the event says,
     * which wins over a custom param of the same name (a configuration cannot misname the commit it builds).
     *
     * @param eventId the trigger record's id
     * @param today   the day (UTC) the version is named for
     */
    public List<ParamValue> runParams(GitDelivery delivery, List<CustomParam> openedCustomParams, String eventId,
                                      LocalDate today) {
        List<ParamValue> params = new ArrayList<>();
        // marked on the job tasks as set by this event, the reference's "auto-injected"
        String by = delivery.provider().name().toLowerCase(Locale.ROOT) + " event " + eventId;
        openedCustomParams.forEach(param -> params.add(new ParamValue(param.name(), param.value())));
        add(params, by, "GIT_PROJECT_NAME", delivery.projectName());
        add(params, by, "GIT_SSH_URL", delivery.sshUrl());
        add(params, by, "GIT_HTTP_URL", delivery.httpUrl());
        add(params, by, "GIT_BRANCH", delivery.event() == GitEvent.MERGE_REQUEST ? delivery.sourceBranch()
                : delivery.branch());
        add(params, by, "GIT_TAG", delivery.tag());
        add(params, by, "GIT_COMMIT_ID", delivery.commit());
        add(params, by, "GIT_MR_ACTION", delivery.mrAction());
        add(params, by, "GIT_MR_STATUS", delivery.mrStatus());
        add(params, by, "GIT_MR_SOURCE_BRANCH", delivery.sourceBranch());
        add(params, by, "GIT_MR_TARGET_BRANCH", delivery.targetBranch());
        add(params, by, "GIT_AUTHOR", delivery.user());
        add(params, by, "EVENT_PROVIDER", delivery.provider().name());
        add(params, by, "EVENT_NAME", delivery.event() == null ? delivery.eventName() : delivery.event().name());
        add(params, by, "EVENT_ID", eventId);
        add(params, by, "APP_VERSION", appVersion(delivery, today));
        return params;
    }

    private static void add(List<ParamValue> params, String by, String name, String value) {
        if (value != null && !value.isBlank()) {
            params.add(new ParamValue(name, value, ParamScope.EVERYWHERE, by));
        }
    }

    /**
     * GIT_TAG: the tag, prefixed unless it starts with the prefix already. DATE_BRANCH_COMMIT (and GIT_TAG for an
     * event without a tag): prefix, day, branch (a merge request's source branch, a tag push's tag) and the
     * commit's first 8 characters; characters a version (an image tag) cannot hold become '-'.
     */
    public String appVersion(GitDelivery delivery, LocalDate today) {
        if (versionRule == VersionRule.GIT_TAG && delivery.tag() != null) {
            return delivery.tag().startsWith(versionPrefix) ? delivery.tag() : versionPrefix + delivery.tag();
        }
        String branch = delivery.tag() != null ? delivery.tag()
                : delivery.event() == GitEvent.MERGE_REQUEST ? delivery.sourceBranch() : delivery.branch();
        String commit = delivery.commit() == null ? "" : delivery.commit();
        String version = today.format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + (branch == null ? "" : branch.replaceAll("[^A-Za-z0-9._-]", "-")) + "-"
                + commit.substring(0, Math.min(8, commit.length()));
        return versionPrefix + version;
    }

    /**
     * Where notify-service posts the run's state as a commit status, when a token and an API base are configured:
     * GitLab's {@code /projects/<path>/statuses/<sha>} with {@code PRIVATE-TOKEN}, GitHub's
     * {@code /repos/<owner>/<repo>/statuses/<sha>} with {@code Authorization: Bearer}. A generic sender names no
     * provider: none.
     */
    public Optional<CommitStatus> commitStatusFor(GitDelivery delivery) {
        if (providerToken == null || providerUrl == null || delivery.commit() == null) {
            return Optional.empty();
        }
        String base = providerUrl.endsWith("/") ? providerUrl.substring(0, providerUrl.length() - 1) : providerUrl;
        if (delivery.provider() == GitProvider.GITLAB) {
            return Optional.of(new CommitStatus("GITLAB_STATUS", base + "/projects/"
                    + URLEncoder.encode(repository, StandardCharsets.UTF_8) + "/statuses/" + delivery.commit(),
                    "PRIVATE-TOKEN", ""));
        }
        if (delivery.provider() == GitProvider.GITHUB) {
            return Optional.of(new CommitStatus("GITHUB_STATUS", base + "/repos/" + repository + "/statuses/"
                    + delivery.commit(), "Authorization", "Bearer "));
        }
        return Optional.empty();
    }

    /** A commit status webhook: its type, url, and the header that carries the token after {@code tokenPrefix}. */
    public record CommitStatus(String type, String url, String header, String tokenPrefix) {
    }

    /** The run's labels: the configuration's, then which configuration and which event started it. */
    public Map<String, String> runLabels(String eventId) {
        Map<String, String> all = new java.util.TreeMap<>(labels);
        all.put(CONFIG_LABEL, id);
        all.put(EVENT_LABEL, eventId);
        return all;
    }

    /** The lane a queued configuration's runs wait in, one after another. */
    public String laneValue() {
        return queue ? "build-config:" + id : null;
    }
}

package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A job: what to run (a LOCAL shell script, a K8S_JOB Kubernetes Job manifest, or an AGENT
 * shell script run on a remote agent) and the params it declares with
 * their defaults.
 *
 * @param createdBy the user who defined it; null for a job defined before mflow knew its callers
 * @param timeout   how long an attempt may run before its runner stops it; null: no limit
 * @param retry     when mflow retries its tasks by itself, unless a task says otherwise; null: {@link RetryPolicy#DEFAULT}
 * @param agentTags for an AGENT job: the tags an agent must carry, all of them, to run its tasks
 * @param manualStatus its process's exit does not end its tasks: when it exits 0 they wait, ACTIVE with its outputs,
 *                     for an outside report of their final stage (the reference's {@code manual_update_status})
 * @param audit     who approves each run of it before it runs, however it is run (a task of a pipeline, a single run,
 *                  a retry); null: none of its own
 * @param namespace the team's space it lives in; null: {@link #DEFAULT_NAMESPACE}
 * @param version   this published version of the name in its namespace; null: {@link #FIRST_VERSION}. A published
 *                  version never changes: a change is a new version
 * @param deprecated new runs of it still run, with a warning
 * @param labels    to find it by ({@code ?label=team=web}): its author's, and its searchLabel params' defaults
 */
public record Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params,
                  Instant createdAt, String createdBy, Duration timeout, RetryPolicy retry, List<String> agentTags,
                  boolean manualStatus, Pipeline.GateDefinition audit, String namespace, String version,
                  String description, boolean deprecated, Map<String, String> labels) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final String FIRST_VERSION = "v1";

    public Job {
        params = List.copyOf(params);
        agentTags = agentTags == null ? List.of() : List.copyOf(agentTags);
        namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
        version = version == null || version.isBlank() ? FIRST_VERSION : version;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params, Instant createdAt,
               String createdBy, Duration timeout, RetryPolicy retry, List<String> agentTags, boolean manualStatus,
               Pipeline.GateDefinition audit, String namespace, String version, String description,
               boolean deprecated) {
        this(id, name, runnerType, runnerSpec, params, createdAt, createdBy, timeout, retry, agentTags, manualStatus,
                audit, namespace, version, description, deprecated, Map.of());
    }

    public Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params, Instant createdAt,
               String createdBy, Duration timeout, RetryPolicy retry, List<String> agentTags, boolean manualStatus,
               Pipeline.GateDefinition audit, Map<String, String> labels) {
        this(id, name, runnerType, runnerSpec, params, createdAt, createdBy, timeout, retry, agentTags, manualStatus,
                audit, null, null, null, false, labels);
    }

    /**
     * Its labels as listed and filtered: those its author gave, and the default of each param marked searchLabel
     * (never a sensitive one's) under the param's name; a given label wins over a param's of the same name.
     */
    public static Map<String, String> labelsOf(Map<String, String> given, List<RunParam> params) {
        Map<String, String> labels = new TreeMap<>(RunParam.searchLabels(params));
        labels.putAll(given == null ? Map.of() : given);
        return labels;
    }

    public Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params, Instant createdAt,
               String createdBy, Duration timeout, RetryPolicy retry, List<String> agentTags, boolean manualStatus,
               Pipeline.GateDefinition audit) {
        this(id, name, runnerType, runnerSpec, params, createdAt, createdBy, timeout, retry, agentTags, manualStatus,
                audit, null, null, null, false);
    }

    public Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params, Instant createdAt,
               String createdBy, Duration timeout, RetryPolicy retry, List<String> agentTags, boolean manualStatus) {
        this(id, name, runnerType, runnerSpec, params, createdAt, createdBy, timeout, retry, agentTags, manualStatus,
                null);
    }

    public Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params, Instant createdAt,
               String createdBy, Duration timeout, RetryPolicy retry) {
        this(id, name, runnerType, runnerSpec, params, createdAt, createdBy, timeout, retry, List.of(), false);
    }

    public Job(String id, String name, String runnerType, String runnerSpec, List<RunParam> params, Instant createdAt,
               String createdBy, Duration timeout, RetryPolicy retry, List<String> agentTags) {
        this(id, name, runnerType, runnerSpec, params, createdAt, createdBy, timeout, retry, agentTags, false);
    }

    /** This version, deprecated: new runs of it get a warning. */
    public Job deprecate() {
        return new Job(id, name, runnerType, runnerSpec, params, createdAt, createdBy, timeout, retry, agentTags,
                manualStatus, audit, namespace, version, description, true, labels);
    }

    /** How a pipeline names this very version: {@code namespace/name:version}. */
    public String reference() {
        return namespace + "/" + name + ":" + version;
    }

    /**
     * Whether {@code other} defines the same thing (publishing it again changes nothing); who defined it and when,
     * its id and whether it is deprecated do not count. Params are compared as given: sealed values differ every
     * time they are sealed, so the caller compares opened ones.
     */
    public boolean sameDefinitionAs(Job other) {
        return name.equals(other.name) && namespace.equals(other.namespace) && version.equals(other.version)
                && runnerType.equals(other.runnerType) && runnerSpec.equals(other.runnerSpec)
                && params.equals(other.params) && Objects.equals(timeout, other.timeout)
                && Objects.equals(retry, other.retry) && agentTags.equals(other.agentTags)
                && manualStatus == other.manualStatus && Objects.equals(audit, other.audit)
                && Objects.equals(description, other.description) && labels.equals(other.labels);
    }

    /** The retry policy of a task of this job: the task's own when it has one, else the job's. */
    public RetryPolicy retryOf(RetryPolicy taskRetry) {
        return taskRetry != null ? taskRetry : retry != null ? retry : RetryPolicy.DEFAULT;
    }
}

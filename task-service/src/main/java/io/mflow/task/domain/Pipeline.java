package io.mflow.task.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A pipeline definition: ordered stages of tasks, each task running one job. Its own {@code webhooks} and
 * {@code mentions} hear of its runs' changes; its {@code labels} find it and label its runs; its {@code params} are
 * run params every run of it gets (the reference's {@code with}), each reaching the tasks its scope says, under
 * those the run is asked with. Its {@code schedules} start runs of it at their due times.
 *
 * @param namespace the team's space it lives in, and where its tasks' job references without one look; null:
 *                  {@code default}
 * @param revision  1 when defined, one more at each change; a run records the revision it started with
 */
public record Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                       List<Webhook> webhooks, List<Mention> mentions, String namespace, String description,
                       int revision, Map<String, String> labels, List<ParamValue> params, LaneRule lane,
                       List<Schedule> schedules) {

    public Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                    List<Webhook> webhooks, List<Mention> mentions, String namespace, String description,
                    int revision, Map<String, String> labels, List<ParamValue> params, LaneRule lane) {
        this(id, name, stages, createdAt, createdBy, webhooks, mentions, namespace, description, revision, labels,
                params, lane, List.of());
    }

    public Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                    List<Webhook> webhooks, List<Mention> mentions, String namespace, String description,
                    int revision, Map<String, String> labels, List<ParamValue> params) {
        this(id, name, stages, createdAt, createdBy, webhooks, mentions, namespace, description, revision, labels,
                params, null);
    }

    public Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                    List<Webhook> webhooks, List<Mention> mentions, LaneRule lane) {
        this(id, name, stages, createdAt, createdBy, webhooks, mentions, null, null, 1, Map.of(), List.of(), lane);
    }

    /**
     * At most one run per value of the run param {@code param} at a time (null {@code lane}: no limit); a run for a
     * busy value waits its turn, or is refused when {@code whenBusy} is REJECT.
     */
    public record LaneRule(String param, Lane.WhenBusy whenBusy) {
        public LaneRule {
            whenBusy = whenBusy == null ? Lane.WhenBusy.QUEUE : whenBusy;
        }
    }

    public Pipeline {
        stages = List.copyOf(stages);
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        namespace = namespace == null || namespace.isBlank() ? Job.DEFAULT_NAMESPACE : namespace;
        revision = Math.max(1, revision);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        params = params == null ? List.of() : List.copyOf(params);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
    }

    public Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                    List<Webhook> webhooks, List<Mention> mentions, String namespace, String description,
                    int revision) {
        this(id, name, stages, createdAt, createdBy, webhooks, mentions, namespace, description, revision, Map.of());
    }

    public Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                    List<Webhook> webhooks, List<Mention> mentions, String namespace, String description,
                    int revision, Map<String, String> labels) {
        this(id, name, stages, createdAt, createdBy, webhooks, mentions, namespace, description, revision, labels,
                List.of());
    }

    public Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                    List<Webhook> webhooks, List<Mention> mentions, Map<String, String> labels) {
        this(id, name, stages, createdAt, createdBy, webhooks, mentions, labels, List.of());
    }

    public Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                    List<Webhook> webhooks, List<Mention> mentions, Map<String, String> labels,
                    List<ParamValue> params) {
        this(id, name, stages, createdAt, createdBy, webhooks, mentions, null, null, 1, labels, params);
    }

    public Pipeline(String id, String name, List<StageDefinition> stages, Instant createdAt, String createdBy,
                    List<Webhook> webhooks, List<Mention> mentions) {
        this(id, name, stages, createdAt, createdBy, webhooks, mentions, Map.of(), List.of());
    }

    /**
     * Of a run's params (its pipeline's own, then its request's), those that reach the task {@code taskNumber}
     * (1-based) of the stage {@code stageNumber}, in order.
     */
    public static List<ParamValue> reaching(List<ParamValue> values, String stageName, int stageNumber,
                                            String taskName, int taskNumber) {
        return values.stream().filter(v -> v.scope().reaches(stageName, stageNumber, taskName, taskNumber)).toList();
    }

    /**
     * The labels of a run of it: its own, under the searchLabel params' values of the run (from any of its tasks),
     * under the labels the run was asked with, which win (as the reference's request labels do).
     */
    public Map<String, String> labelsOfRun(Map<String, String> searchLabels, Map<String, String> requested) {
        Map<String, String> run = new TreeMap<>(labels);
        run.putAll(searchLabels);
        run.putAll(requested == null ? Map.of() : requested);
        return run;
    }

    /** What is wrong with the shape of these stages, as sentences; empty when nothing is. */
    public static List<String> shapeProblems(List<StageDefinition> stages) {
        List<String> problems = new ArrayList<>();
        if (stages.isEmpty()) {
            problems.add("a pipeline needs at least one stage");
        }
        Set<String> stageNames = new HashSet<>();
        for (StageDefinition stage : stages) {
            if (stage.name() == null || stage.name().isBlank()) {
                problems.add("every stage needs a name");
                continue;
            }
            if (!stageNames.add(stage.name())) {
                problems.add("stage name '" + stage.name() + "' is used twice");
            }
            if (stage.tasks().isEmpty()) {
                problems.add("stage '" + stage.name() + "' has no tasks");
            }
            Set<String> taskNames = new HashSet<>();
            for (TaskDefinition task : stage.tasks()) {
                if (task.name() == null || task.name().isBlank()) {
                    problems.add("every task of stage '" + stage.name() + "' needs a name");
                } else if (!taskNames.add(task.name())) {
                    problems.add("task name '" + task.name() + "' is used twice in stage '" + stage.name() + "'");
                }
                for (GateDefinition gate : Arrays.asList(task.audit(), task.confirm())) {
                    String problem = gate == null ? null : Gate.shapeProblem(gate.kind(), gate.people(), gate.approvals());
                    if (problem != null) {
                        problems.add("task '" + task.name() + "' of stage '" + stage.name() + "': " + problem);
                    }
                }
            }
        }
        return problems;
    }

    public record StageDefinition(String name, boolean parallel, List<TaskDefinition> tasks) {
        public StageDefinition {
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * A task refers to its job by {@code jobReference} ({@code namespace/name[:version]}): without a version, the
     * latest published one when a run starts. {@code jobId} is the version it meant when the pipeline was defined,
     * and the only reference of a task defined before versions (its {@code jobReference} null); it keeps the job's
     * name for display. Its {@code audit} and {@code confirm} gates are null when it has none; its {@code timeout}
     * and {@code retry} policy, when given, replace its job's. Its {@code webhooks} and {@code mentions} hear of its
     * job task's changes.
     */
    public record TaskDefinition(String name, String jobId, String jobName, List<ParamValue> params,
                                 boolean ignoreFailed, boolean skip, List<Webhook> webhooks, GateDefinition audit,
                                 GateDefinition confirm, Duration timeout, RetryPolicy retry, List<Mention> mentions,
                                 String jobReference) {
        public TaskDefinition {
            params = List.copyOf(params);
            webhooks = List.copyOf(webhooks);
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }

        public TaskDefinition(String name, String jobId, String jobName, List<ParamValue> params,
                              boolean ignoreFailed, boolean skip, List<Webhook> webhooks, GateDefinition audit,
                              GateDefinition confirm, Duration timeout, RetryPolicy retry, List<Mention> mentions) {
            this(name, jobId, jobName, params, ignoreFailed, skip, webhooks, audit, confirm, timeout, retry, mentions,
                    null);
        }

        /** Whether it names this version of a job, pinned or as its latest. */
        public boolean refersTo(Job job, boolean latest) {
            if (jobReference == null) {
                return job.id().equals(jobId);
            }
            JobReference reference = JobReference.parse(jobReference, Job.DEFAULT_NAMESPACE).orElse(null);
            return reference != null && reference.namespace().equals(job.namespace())
                    && reference.name().equals(job.name())
                    && (reference.pinned() ? reference.version().equals(job.version()) : latest);
        }

        /** Everyone it may tell by name: its mentioned users and the people at its gates. */
        public List<String> people() {
            List<String> people = new ArrayList<>();
            mentions.forEach(m -> people.add(m.user()));
            for (GateDefinition gate : Arrays.asList(audit, confirm)) {
                if (gate != null) {
                    people.addAll(gate.people());
                }
            }
            return people;
        }
    }

    /** Who decides at a gate of a task, and how many of them must pass it. */
    public record GateDefinition(Gate.Kind kind, List<String> people, int approvals, boolean allowSelfApproval) {
        public GateDefinition {
            people = List.copyOf(people);
        }

        /** The gate of one run of the task: a dry run does not wait, it says whom it would have waited for. */
        public Gate gateOfRun(boolean dryRun) {
            return dryRun ? Gate.passedInDryRun(kind, people, approvals, allowSelfApproval)
                    : Gate.of(kind, people, approvals, allowSelfApproval);
        }
    }

    /**
     * Header values and the signing {@code secret} carry credentials: they are stored sealed and shown masked.
     * {@code type}: GENERIC, FEISHU, DINGTALK, WECOM or SLACK; null: chosen by the url's host.
     */
    public record Webhook(String url, List<String> events, Map<String, String> headers, String type,
                          String secret) {
        public Webhook {
            events = List.copyOf(events);
            headers = Map.copyOf(headers);
        }

        /** The webhook types notify-service speaks. */
        public static final List<String> TYPES = List.of("GENERIC", "FEISHU", "DINGTALK", "WECOM", "SLACK");
    }

    /** A user told by e-mail of the changes named in {@code events} (none: every change). */
    public record Mention(String user, List<String> events) {
        public Mention {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }
}

package io.mflow.task.app;

import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.task.domain.Gate;
import io.mflow.task.domain.Job;
import io.mflow.task.domain.JobReference;
import io.mflow.task.domain.Limits;
import io.mflow.task.domain.Pipeline;
import io.mflow.task.domain.RetryPolicy;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.RunParamSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

public class DefineJob {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final List<String> RUNNER_TYPES = RunnerTypes.ALL;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final int MAX_TAGS = 20;

    private final Jobs jobs;
    private final Secrets secrets;
    private final Clock clock;

    public DefineJob(Jobs jobs, Secrets secrets, Clock clock) {
        this.jobs = jobs;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** @param createdBy the user who defines it, from the caller's credential */
    public Job define(String name, String runnerType, String runnerSpec, List<RunParam> params, Duration timeout,
                      RetryPolicy retry, String createdBy) {
        return define(name, runnerType, runnerSpec, params, timeout, retry, List.of(), createdBy);
    }

    /** @param agentTags for an AGENT job, the tags its agent must carry (none: any agent) */
    public Job define(String name, String runnerType, String runnerSpec, List<RunParam> params, Duration timeout,
                      RetryPolicy retry, List<String> agentTags, String createdBy) {
        return define(name, runnerType, runnerSpec, params, timeout, retry, agentTags, false, createdBy);
    }

    /** @param manualStatus its tasks' final stage comes from an outside report, not from its process's exit */
    public Job define(String name, String runnerType, String runnerSpec, List<RunParam> params, Duration timeout,
                      RetryPolicy retry, List<String> agentTags, boolean manualStatus, String createdBy) {
        return define(name, runnerType, runnerSpec, params, timeout, retry, agentTags, manualStatus, null, createdBy);
    }

    /** @param audit who approves every run of it before it runs, or null */
    public Job define(String name, String runnerType, String runnerSpec, List<RunParam> params, Duration timeout,
                      RetryPolicy retry, List<String> agentTags, boolean manualStatus, Pipeline.GateDefinition audit,
                      String createdBy) {
        return publish(name, runnerType, runnerSpec, params, timeout, retry, agentTags, manualStatus, audit, null,
                null, null, createdBy, Map.of()).job();
    }

    /** @param labels to find it by; its searchLabel params' defaults are added to them */
    public Job define(String name, String runnerType, String runnerSpec, List<RunParam> params, Duration timeout,
                      RetryPolicy retry, List<String> agentTags, boolean manualStatus, Pipeline.GateDefinition audit,
                      String createdBy, Map<String, String> labels) {
        return publish(name, runnerType, runnerSpec, params, timeout, retry, agentTags, manualStatus, audit, null,
                null, null, createdBy, labels).job();
    }

    /** The version a request asked for, and whether this request published it (false: it was there, the same). */
    public record Published(Job job, boolean created) {
    }

    /**
     * Publishes version {@code version} of job {@code name} in {@code namespace} (null: default, v1). A version that
     * exists already is never changed: the same definition again is answered with it, a different one is refused.
     *
     * @param labels to find it by; its searchLabel params' defaults are added to them
     */
    public Published publish(String name, String runnerType, String runnerSpec, List<RunParam> params,
                             Duration timeout, RetryPolicy retry, List<String> agentTags, boolean manualStatus,
                             Pipeline.GateDefinition audit, String namespace, String version, String description,
                             String createdBy, Map<String, String> labels) {
        String ns = namespace == null ? Job.DEFAULT_NAMESPACE : namespace;
        String ver = version == null ? Job.FIRST_VERSION : version;
        Map<String, String> given = labels == null ? Map.of() : labels;
        RequestRefused.ifInvalid(Limits.firstOf(Limits.checkName("namespace", ns, JobReference.PART),
                Limits.checkName("version", ver, JobReference.PART),
                Limits.checkLength("description", description, Limits.TEXT_LENGTH),
                Limits.checkEntries("labels", given, Limits.TEXT_LENGTH, false)));
        if (audit != null) {
            RequestRefused.ifInvalid(Limits.firstOf(Limits.checkGate("audit.auditors", audit),
                    Gate.shapeProblem(Gate.Kind.AUDIT, audit.people(), audit.approvals())));
        }
        RequestRefused.ifInvalid(Limits.checkTimeout("timeout", timeout));
        if (retry != null) {
            RequestRefused.ifInvalid(retry.problems("retry").stream().findFirst().orElse(null));
        }
        RequestRefused.ifInvalid(Limits.checkName("name", name, NAME));
        RequestRefused.ifInvalid(Limits.checkLength("runnerType", runnerType, Limits.NAME_LENGTH));
        String type = runnerType == null || runnerType.isBlank() ? RunnerTypes.DEFAULT : runnerType;
        if (!RUNNER_TYPES.contains(type)) {
            throw RequestRefused.invalid("runnerType must be one of " + RUNNER_TYPES + ", got '" + runnerType + "'");
        }
        List<String> tags = agentTags == null ? List.of() : agentTags;
        if (!tags.isEmpty() && !"AGENT".equals(type)) {
            throw RequestRefused.invalid("agentTags are for runnerType AGENT, not " + type);
        }
        RequestRefused.ifInvalid(Limits.checkCount("agentTags", tags.size(), MAX_TAGS));
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i) == null || !TAG.matcher(tags.get(i)).matches()) {
                throw RequestRefused.invalid("agentTags[" + i + "] must be 1 to 63 letters, digits, '_', '.' or '-'");
            }
        }
        if (runnerSpec == null || runnerSpec.isBlank()) {
            throw RequestRefused.invalid("runnerSpec (the shell script, or the Job manifest, to run) is required");
        }
        RequestRefused.ifInvalid(Limits.checkBytes("runnerSpec", runnerSpec, Limits.RUNNER_SPEC_BYTES));
        RequestRefused.ifInvalid(Limits.checkCount("params", params.size(), Limits.ENTRIES));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < params.size(); i++) {
            RunParam param = params.get(i);
            String at = "params[" + i + "]";
            RequestRefused.ifInvalid(Limits.firstOf(Limits.checkName(at + ".name", param.name(), null),
                    Limits.checkParamValue(at + ".value", param.value()),
                    Limits.checkLength(at + ".description", param.description(), Limits.TEXT_LENGTH)));
            if (RunParamSet.SYSTEM_NAMES.contains(param.name())) {
                throw RequestRefused.invalid("param name '" + param.name() + "' is reserved for mflow's own params");
            }
            RequestRefused.ifInvalid(Limits.checkCount(at + ".options", param.options().size(), Limits.ENTRIES));
            for (int o = 0; o < param.options().size(); o++) {
                RequestRefused.ifInvalid(Limits.firstOf(
                        Limits.checkLength(at + ".options[" + o + "].value", param.options().get(o).value(),
                                Limits.TEXT_LENGTH),
                        Limits.checkLength(at + ".options[" + o + "].label", param.options().get(o).label(),
                                Limits.TEXT_LENGTH)));
            }
            RequestRefused.ifInvalid(param.definitionProblem());
            if (!names.add(param.name())) {
                throw RequestRefused.invalid("param name '" + param.name() + "' is declared twice");
            }
        }
        String id = RandomIds.next("job-");
        List<RunParam> stored = params.stream()
                .map(p -> p.sensitive() && p.hasValue()
                        ? p.withValue(secrets.seal(p.value(), SealedPlace.jobParamDefault(id, p.name()))) : p)
                .toList();
        Job job = new Job(id, name, type, runnerSpec, stored, clock.instant(), createdBy, timeout,
                retry, tags.stream().distinct().toList(), manualStatus, audit, ns, ver, description, false,
                Job.labelsOf(given, params));
        Job asGiven = new Job(id, name, type, runnerSpec, params, job.createdAt(), createdBy, timeout, retry,
                job.agentTags(), manualStatus, audit, ns, ver, description, false, job.labels());
        // tried again after a lost answer, or kept in git and posted on every change: the same version is no change
        Optional<Job> same = sameVersion(asGiven);
        if (same.isPresent()) {
            return new Published(same.get(), false);
        }
        if (!jobs.add(job)) {
            return sameVersion(asGiven).map(existing -> new Published(existing, false))
                    .orElseThrow(() -> publishedAlready(job));
        }
        return new Published(job, true);
    }

    /**
     * The stored version of the job's name and version when it defines the same as {@code asGiven}.
     *
     * @throws RequestRefused a conflict when that version exists with another definition: published is published
     */
    private Optional<Job> sameVersion(Job asGiven) {
        Optional<Job> stored = jobs.versions(asGiven.namespace(), asGiven.name()).stream()
                .filter(j -> j.version().equals(asGiven.version())).findFirst();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Job existing = stored.get();
        Job opened = new Job(existing.id(), existing.name(), existing.runnerType(), existing.runnerSpec(),
                secrets.openedDefaults(existing), existing.createdAt(), existing.createdBy(), existing.timeout(),
                existing.retry(), existing.agentTags(), existing.manualStatus(), existing.audit(),
                existing.namespace(), existing.version(), existing.description(), existing.deprecated(),
                existing.labels());
        if (!opened.sameDefinitionAs(asGiven)) {
            throw publishedAlready(asGiven);
        }
        return stored;
    }

    private static RequestRefused publishedAlready(Job job) {
        return new RequestRefused(RequestRefused.Reason.CONFLICT, "version '" + job.version() + "' of job '"
                + job.name() + "' in namespace '" + job.namespace() + "' is published already with another"
                + " definition, and a published version never changes: publish the change as a new version");
    }

}

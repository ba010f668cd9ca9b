package io.mflow.task.app;

import io.mflow.task.domain.Job;
import io.mflow.task.domain.JobReference;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which runner types run here at all, and which of them a role may define jobs of. A LOCAL job runs a script on
 * runner-service's host, so an installation shared by teams may keep it to admins ({@code
 * mflow.jobs.runner-types.DEVELOPER=K8S_JOB,AGENT}) or turn it off ({@code mflow.runner.local.enabled=false}, as
 * runner-service reads it too). Only the definition of a job names a runner type: runs, retries and pipeline tasks
 * take the job's.
 */
public final class RunnerTypes {

    /** LOCAL: a shell script on runner-service's host; K8S_JOB: a batch/v1 Job manifest; AGENT: a script on an agent. */
    public static final List<String> ALL = List.of("LOCAL", "K8S_JOB", "AGENT");
    /** The type of a job that names none. */
    public static final String DEFAULT = "LOCAL";
    public static final String TURNED_OFF = "the LOCAL runner is turned off in this installation"
            + " (mflow.runner.local.enabled=false): use runnerType K8S_JOB or AGENT";

    private final Map<String, Set<String>> byRole;
    private final boolean localEnabled;

    /**
     * @param byRole the types each role may define, by role name; a role not named may define every type
     * @param localEnabled whether LOCAL jobs run here at all
     */
    public RunnerTypes(Map<String, ? extends Collection<String>> byRole, boolean localEnabled) {
        Map<String, Set<String>> checked = new java.util.HashMap<>();
        byRole.forEach((role, types) -> {
            Set<String> set = new LinkedHashSet<>();
            for (String type : types) {
                String name = type.trim().toUpperCase(Locale.ROOT);
                if (!ALL.contains(name)) {
                    throw new IllegalArgumentException("mflow.jobs.runner-types." + role + " names '" + type
                            + "', which is none of " + ALL);
                }
                set.add(name);
            }
            checked.put(role.trim().toUpperCase(Locale.ROOT), Set.copyOf(set));
        });
        this.byRole = Map.copyOf(checked);
        this.localEnabled = localEnabled;
    }

    /** Every role may define every type, and LOCAL runs: how mflow behaved before these settings. */
    public static RunnerTypes unrestricted() {
        return new RunnerTypes(Map.of(), true);
    }

    /**
     * Refuses, before anything is stored, a job definition of a type that is turned off (400) or that none of the
     * caller's granted roles may define (403). An unknown type is left to {@link DefineJob}, which says which exist.
     */
    public void checkDefinable(String runnerType, Set<String> callerRoles) {
        String type = runnerType == null || runnerType.isBlank() ? DEFAULT : runnerType;
        if (!ALL.contains(type)) {
            return;
        }
        turnedOff(type).ifPresent(reason -> {
            throw RequestRefused.invalid(reason);
        });
        boolean allowed = callerRoles.stream().anyMatch(role -> byRole.getOrDefault(role, Set.copyOf(ALL))
                .contains(type));
        if (!allowed) {
            throw new RequestRefused(RequestRefused.Reason.FORBIDDEN, "your role " + callerRoles.stream().sorted()
                    .toList() + " may not define jobs of runnerType " + type + " here (mflow.jobs.runner-types)");
        }
    }

    /** Why a job of this type cannot run here, if it cannot. */
    public Optional<String> turnedOff(String runnerType) {
        return !localEnabled && "LOCAL".equals(runnerType) ? Optional.of(TURNED_OFF) : Optional.empty();
    }

    /**
     * The jobs as the use cases that run them (or put them in a pipeline) see them: finding a job that cannot run
     * here refuses the request with a 400 instead of a run that could only fail.
     */
    public Jobs runnable(Jobs jobs) {
        if (localEnabled) {
            return jobs;
        }
        return new Jobs() {
            @Override
            public boolean add(Job job) {
                return jobs.add(job);
            }

            @Override
            public Optional<Job> byId(String id) {
                return jobs.byId(id).map(RunnerTypes.this::unlessTurnedOff);
            }

            @Override
            public List<Job> versions(String namespace, String name) {
                return jobs.versions(namespace, name);
            }

            @Override
            public Optional<Job> resolve(JobReference reference) {
                return jobs.resolve(reference).map(RunnerTypes.this::unlessTurnedOff);
            }

            @Override
            public Optional<Job> latest(String namespace, String name) {
                return jobs.latest(namespace, name).map(RunnerTypes.this::unlessTurnedOff);
            }

            @Override
            public boolean deprecate(String id) {
                return jobs.deprecate(id);
            }

            @Override
            public boolean remove(String id) {
                return jobs.remove(id);
            }

            @Override
            public Page<Job> page(String namespace, String name, Map<String, String> labels, int page, int size) {
                return jobs.page(namespace, name, labels, page, size);
            }
        };
    }

    private Job unlessTurnedOff(Job job) {
        turnedOff(job.runnerType()).ifPresent(reason -> {
            throw RequestRefused.invalid("job '" + job.name() + "': " + reason);
        });
        return job;
    }
}

package io.mflow.task.app;

import io.mflow.task.domain.Job;
import io.mflow.task.domain.RunParam;
import io.mflow.task.domain.RunParamSet;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

public class DefineJob {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Set<String> RUNNER_TYPES = Set.of("LOCAL");

    private final Jobs jobs;
    private final Secrets secrets;
    private final Clock clock;

    public DefineJob(Jobs jobs, Secrets secrets, Clock clock) {
        this.jobs = jobs;
        this.secrets = secrets;
        this.clock = clock;
    }

    public Job define(String name, String runnerType, String runnerSpec, List<RunParam> params) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw RequestRefused.invalid("name must match [A-Za-z0-9_.-]+, got '" + name + "'");
        }
        String type = runnerType == null || runnerType.isBlank() ? "LOCAL" : runnerType;
        if (!RUNNER_TYPES.contains(type)) {
            throw RequestRefused.invalid("runnerType must be one of " + RUNNER_TYPES + ", got '" + runnerType + "'");
        }
        if (runnerSpec == null || runnerSpec.isBlank()) {
            throw RequestRefused.invalid("runnerSpec (the shell script to run) is required");
        }
        Set<String> names = new HashSet<>();
        for (RunParam param : params) {
            if (param.name() == null || param.name().isBlank()) {
                throw RequestRefused.invalid("every param needs a name");
            }
            if (RunParamSet.SYSTEM_NAMES.contains(param.name())) {
                throw RequestRefused.invalid("param name '" + param.name() + "' is reserved for mflow's own params");
            }
            if (!names.add(param.name())) {
                throw RequestRefused.invalid("param name '" + param.name() + "' is declared twice");
            }
        }
        List<RunParam> stored = params.stream()
                .map(p -> p.sensitive() && p.hasValue() ? p.withValue(secrets.seal(p.value())) : p)
                .toList();
        Job job = new Job(RandomIds.next("job-"), name, type, runnerSpec, stored, clock.instant());
        if (!jobs.add(job)) {
            throw new RequestRefused(RequestRefused.Reason.CONFLICT, "a job named '" + name + "' exists already");
        }
        return job;
    }
}

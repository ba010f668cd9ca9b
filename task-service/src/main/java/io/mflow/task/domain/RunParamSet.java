package io.mflow.task.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The params of one job task, merged lowest to highest: system params, the job's declared params with their
 * defaults, the task's values from the pipeline, the run's values. Only declared names are set; empty values never
 * override; a read-only param with a value is refused. The required check is left to dispatch time, when the
 * outputs of earlier jobs may still fill a param.
 */
public final class RunParamSet {

    public static final String JOB_TASK_ID = "JOB_TASK_ID";
    public static final String PIPELINE_TASK_ID = "PIPELINE_TASK_ID";
    public static final String PIPELINE_ID = "PIPELINE_ID";
    public static final String JOB_NAME = "JOB_NAME";
    public static final String TASK_NAME = "TASK_NAME";
    public static final String STAGE_NAME = "STAGE_NAME";
    public static final String JOB_TASK_UPDATE_TOKEN = "JOB_TASK_UPDATE_TOKEN";
    public static final Set<String> SYSTEM_NAMES = Set.of(JOB_TASK_ID, PIPELINE_TASK_ID, PIPELINE_ID, JOB_NAME,
            TASK_NAME, STAGE_NAME, JOB_TASK_UPDATE_TOKEN);

    private final List<RunParam> params;

    private RunParamSet(List<RunParam> params) {
        this.params = List.copyOf(params);
    }

    /** The params every job task gets; the token is passed as the caller wants it carried (sealed for the param). */
    public static RunParamSet system(String jobTaskId, String pipelineTaskId, String pipelineId, String jobName,
                                     String taskName, String stageName, String updateToken) {
        return new RunParamSet(List.of(
                systemParam(JOB_TASK_ID, jobTaskId, false),
                systemParam(PIPELINE_TASK_ID, pipelineTaskId, false),
                systemParam(PIPELINE_ID, pipelineId, false),
                systemParam(JOB_NAME, jobName, false),
                systemParam(TASK_NAME, taskName, false),
                systemParam(STAGE_NAME, stageName, false),
                systemParam(JOB_TASK_UPDATE_TOKEN, updateToken, true)));
    }

    /** The system params of a job run on its own: no pipeline, run or stage to name. */
    public static RunParamSet systemOfSingleRun(String jobTaskId, String jobName, String updateToken) {
        return new RunParamSet(List.of(
                systemParam(JOB_TASK_ID, jobTaskId, false),
                systemParam(JOB_NAME, jobName, false),
                systemParam(TASK_NAME, jobName, false),
                systemParam(JOB_TASK_UPDATE_TOKEN, updateToken, true)));
    }

    private static RunParam systemParam(String name, String value, boolean sensitive) {
        return new RunParam(name, value, true, sensitive, true, "set by mflow");
    }

    public static RunParamSet of(List<RunParam> params) {
        return new RunParamSet(params);
    }

    /** Adds declared params (a job's schema with defaults); a name already present keeps its first declaration. */
    public RunParamSet declare(List<RunParam> declared) {
        List<RunParam> all = new ArrayList<>(params);
        for (RunParam param : declared) {
            if (find(param.name()).isEmpty()) {
                all.add(param);
            }
        }
        return new RunParamSet(all);
    }

    public Merge merge(List<ParamValue> values) {
        List<RunParam> all = new ArrayList<>(params);
        List<String> refused = new ArrayList<>();
        for (ParamValue value : values) {
            if (value.isEmpty()) {
                continue;
            }
            for (int i = 0; i < all.size(); i++) {
                RunParam param = all.get(i);
                if (!param.name().equals(value.name())) {
                    continue;
                }
                if (!param.isLocked()) {
                    all.set(i, param.withValue(value.trimmed(), value.injectedBy()));
                } else if ((param.sensitive() || !param.value().equals(value.trimmed()))
                        && !refused.contains(param.name())) {
                    // A sensitive one is refused even for its own value: accepting that would confirm a guess of it.
                    refused.add(param.name());
                }
            }
        }
        return new Merge(new RunParamSet(all), refused);
    }

    /** Why values of this set do not fit their params' types, one sentence per param; empty when all fit. */
    public List<String> typeProblems() {
        return params.stream().map(RunParam::typeProblem).filter(Objects::nonNull).toList();
    }

    public Optional<RunParam> find(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public boolean declares(String name) {
        return find(name).isPresent();
    }

    public List<RunParam> params() {
        return params;
    }

    /** The merged set, and the names of read-only params a value tried to change (left unchanged). */
    public record Merge(RunParamSet result, List<String> refused) {
        public Merge {
            refused = List.copyOf(refused);
        }
    }
}

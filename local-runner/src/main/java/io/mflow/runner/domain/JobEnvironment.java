package io.mflow.runner.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment a job's script sees: a sane base taken from the runner's own environment (so the runner's
 * secrets are not inherited), the job's params, then the variables mflow itself provides, which a param cannot
 * override.
 */
public final class JobEnvironment {

    public static final String OUTPUT = "MFLOW_OUTPUT";
    public static final String UPDATE_TOKEN = "MFLOW_UPDATE_TOKEN";
    public static final String JOB_TASK_ID = "MFLOW_JOB_TASK_ID";

    static final Set<String> INHERITED = Set.of("PATH", "HOME", "LANG");

    private JobEnvironment() {
    }

    /** {@code openedParams} must already hold plain values. */
    public static Map<String, String> of(Map<String, String> runnerEnvironment, List<Param> openedParams,
            String outputFile, String updateToken, String jobTaskId) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = runnerEnvironment.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        for (Param param : openedParams) {
            if (param.isEnvVariable()) {
                env.put(param.name(), param.value() == null ? "" : param.value());
            }
        }
        env.put(OUTPUT, outputFile);
        env.put(UPDATE_TOKEN, updateToken);
        env.put(JOB_TASK_ID, jobTaskId);
        return env;
    }
}

package io.mflow.runner.domain.kubernetes;

import io.mflow.localrunner.domain.JobEnvironment;
import io.mflow.localrunner.domain.Param;
import io.mflow.localrunner.domain.StatusReporting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables mflow puts into every init container and container of a job's pod, replacing entries of the same
 * name: its environment params (names starting with an upper-case letter or {@code _}, as in the reference), then the
 * job task's id and update token and where it reports its status ({@link JobEnvironment#reportingVariables}), which a
 * param cannot override. A sensitive value is a {@link Entry#secret() secret}
 * entry: it reaches the pod through the Kubernetes Secret made with the Job, never as a value in the Job. The
 * runner's own params ({@link ClusterChoice}) are not passed on: they are for the runner.
 */
public final class PodEnvironment {

    /** The Secret's key of a variable: its name (variable names are valid Secret keys). */
    public record Entry(String name, String value, boolean secret) {

        @Override
        public String toString() {
            return "Entry[" + name + "=" + (secret ? "******" : value) + "]";
        }
    }

    private static final Set<String> MFLOW_OWN = JobEnvironment.MFLOW_OWN;

    private PodEnvironment() {
    }

    public static boolean isEnvParam(Param param) {
        String name = param.name();
        return param.isEnvVariable() && (Character.isUpperCase(name.charAt(0)) || name.charAt(0) == '_')
                && !ClusterChoice.RUNNER_PARAMS.contains(name);
    }

    /** {@code openedParams} hold plain values. */
    /** For a task outside a pipeline, told to report to task-service on this machine. */
    public static List<Entry> of(List<Param> openedParams, String updateToken, String jobTaskId) {
        return of(openedParams, updateToken, jobTaskId, jobTaskId, StatusReporting.DEFAULT);
    }

    /** @param reportKey the pipeline task id, or the job task id outside a pipeline */
    public static List<Entry> of(List<Param> openedParams, String updateToken, String jobTaskId, String reportKey,
                                 StatusReporting reporting) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Param param : openedParams) {
            if (isEnvParam(param) && !MFLOW_OWN.contains(param.name())) {
                entries.put(param.name(), new Entry(param.name(), param.value() == null ? "" : param.value(),
                        param.sensitive()));
            }
        }
        entries.put(JobEnvironment.JOB_TASK_ID, new Entry(JobEnvironment.JOB_TASK_ID, jobTaskId, false));
        entries.put(JobEnvironment.UPDATE_TOKEN, new Entry(JobEnvironment.UPDATE_TOKEN, updateToken, true));
        JobEnvironment.reportingVariables(jobTaskId, reportKey, reporting)
                .forEach((name, value) -> entries.put(name, new Entry(name, value,
                        JobEnvironment.SECRET_REPORTING_VARIABLES.contains(name))));
        return new ArrayList<>(entries.values());
    }

    /** What the Secret holds: every secret entry by name. */
    public static Map<String, String> secretData(List<Entry> entries) {
        Map<String, String> data = new LinkedHashMap<>();
        entries.stream().filter(Entry::secret).forEach(e -> data.put(e.name(), e.value()));
        return data;
    }
}

package io.mflow.pipeline.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The params a job task runs with, in the order the job declares them. */
public record RunParamSet(List<RunParam> params) {

    public RunParamSet {
        params = List.copyOf(params);
    }

    public static RunParamSet of(RunParam... params) {
        return new RunParamSet(List.of(params));
    }

    /**
     * Lays the run's outputs over the declared params. An output only fills a param the job declares (undeclared
     * names would leak into jobs that never asked for them), never a sensitive one (an output is plain text and
     * must not replace a sealed secret), never a locked read-only one, never a runner param (a name starting with
     * {@code _}, such as {@code _namespace} or {@code _kube_config}: where a job runs is the pipeline author's choice,
     * and a job's output would let whoever writes that job's script move the jobs after it into another cluster or
     * namespace), and an empty output never erases a value.
     */
    public RunParamSet overlay(Map<String, String> outputs) {
        List<RunParam> laid = new ArrayList<>(params.size());
        for (RunParam param : params) {
            String output = outputs.get(param.name());
            boolean fills = output != null && !output.isBlank() && fillableByOutput(param);
            laid.add(fills ? param.withValue(output.trim()) : param);
        }
        return new RunParamSet(laid);
    }

    private static boolean fillableByOutput(RunParam param) {
        return !param.sensitive() && param.isEditable() && !isRunnerParam(param);
    }

    private static boolean isRunnerParam(RunParam param) {
        return param.name() != null && param.name().startsWith("_");
    }

    /**
     * Names of required params without a value that no output of an earlier job could fill either (see
     * {@link #overlay}): what a dry run, which has no outputs, knows a real run would be refused for.
     */
    public List<String> missingBeyondOutputs() {
        return params.stream().filter(p -> p.required() && !p.hasValue() && !fillableByOutput(p))
                .map(RunParam::name).toList();
    }

    /**
     * Why values of this set do not fit their params' types. A sensitive value is sealed here and was checked when
     * the run was asked for; no output fills one.
     */
    public List<String> typeProblems() {
        return params.stream().filter(p -> !p.sensitive()).map(RunParam::typeProblem)
                .filter(Objects::nonNull).toList();
    }

    /** Names of required params without a value, in declaration order; empty when the set is valid. */
    public List<String> missingRequired() {
        return params.stream().filter(p -> p.required() && !p.hasValue()).map(RunParam::name).toList();
    }
}

package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunParamSetTest {

    private static RunParam declared(String name, String value) {
        return new RunParam(name, value, false, false, false, null);
    }

    private static RunParam readOnly(String name, String value) {
        return new RunParam(name, value, false, false, true, null);
    }

    private static RunParamSet systemAndJob(RunParam... jobParams) {
        return RunParamSet.system("jt-1", "pt-1", "pl-1", "compile", "build", "ci", "enc:v1:sealed")
                .declare(List.of(jobParams));
    }

    private static String valueOf(RunParamSet set, String name) {
        return set.find(name).orElseThrow().value();
    }

    @Test
    void systemParamsArePresentReadOnlyRequiredAndSet() {
        RunParamSet set = systemAndJob();
        assertThat(set.params()).extracting(RunParam::name).containsExactly("JOB_TASK_ID", "PIPELINE_TASK_ID",
                "PIPELINE_ID", "JOB_NAME", "TASK_NAME", "STAGE_NAME", "JOB_TASK_UPDATE_TOKEN");
        assertThat(set.params()).allMatch(p -> p.readOnly() && p.required() && p.hasValue());
        assertThat(set.find("JOB_TASK_UPDATE_TOKEN").orElseThrow().sensitive()).isTrue();
        assertThat(valueOf(set, "STAGE_NAME")).isEqualTo("ci");
    }

    @Test
    void jobDefaultsApplyWhenNothingOverridesThem() {
        assertThat(valueOf(systemAndJob(declared("GOAL", "test")), "GOAL")).isEqualTo("test");
    }

    @Test
    void taskValuesOverrideJobDefaults() {
        RunParamSet set = systemAndJob(declared("GOAL", "test")).merge(List.of(new ParamValue("GOAL", "package")))
                .result();
        assertThat(valueOf(set, "GOAL")).isEqualTo("package");
    }

    @Test
    void runValuesOverrideTaskValues() {
        RunParamSet set = systemAndJob(declared("GOAL", "test"))
                .merge(List.of(new ParamValue("GOAL", "package"))).result()
                .merge(List.of(new ParamValue("GOAL", "deploy"))).result();
        assertThat(valueOf(set, "GOAL")).isEqualTo("deploy");
    }

    @Test
    void aValueAnEventInjectedIsMarkedWithTheEventAndOneAPersonGaveIsNot() {
        RunParamSet merged = systemAndJob(declared("GIT_BRANCH", null), declared("DEPLOY_ENV", "dev"))
                .merge(List.of(new ParamValue("GIT_BRANCH", "main", ParamScope.EVERYWHERE, "gitlab event ev-1"),
                        new ParamValue("DEPLOY_ENV", "staging"))).result();

        assertThat(merged.find("GIT_BRANCH").orElseThrow().injectedBy()).isEqualTo("gitlab event ev-1");
        assertThat(merged.find("DEPLOY_ENV").orElseThrow().injectedBy()).isNull();
        assertThat(merged.find("GIT_BRANCH").orElseThrow().masked().injectedBy()).isEqualTo("gitlab event ev-1");
    }

    @Test
    void emptyValuesAndEchoedMasksNeverOverride() {
        RunParamSet set = systemAndJob(declared("GOAL", "test")).merge(List.of(
                new ParamValue("GOAL", ""), new ParamValue("GOAL", "   "), new ParamValue("GOAL", null),
                new ParamValue("GOAL", RunParam.MASK))).result();
        assertThat(valueOf(set, "GOAL")).isEqualTo("test");
    }

    @Test
    void undeclaredNamesAreIgnored() {
        RunParamSet.Merge merge = systemAndJob(declared("GOAL", "test"))
                .merge(List.of(new ParamValue("OTHER", "x")));
        assertThat(merge.result().declares("OTHER")).isFalse();
        assertThat(merge.refused()).isEmpty();
    }

    @Test
    void aReadOnlyParamWithAValueIsRefusedAndKept() {
        RunParamSet.Merge merge = systemAndJob(readOnly("REGION", "eu"))
                .merge(List.of(new ParamValue("REGION", "us"), new ParamValue("JOB_TASK_ID", "forged")));
        assertThat(merge.refused()).containsExactly("REGION", "JOB_TASK_ID");
        assertThat(valueOf(merge.result(), "REGION")).isEqualTo("eu");
        assertThat(valueOf(merge.result(), "JOB_TASK_ID")).isEqualTo("jt-1");
    }

    @Test
    void aReadOnlyParamWithoutAValueTakesOneOnce() {
        RunParamSet once = systemAndJob(readOnly("REGION", null))
                .merge(List.of(new ParamValue("REGION", "eu"))).result();
        RunParamSet.Merge twice = once.merge(List.of(new ParamValue("REGION", "us")));
        assertThat(valueOf(once, "REGION")).isEqualTo("eu");
        assertThat(twice.refused()).containsExactly("REGION");
    }

    @Test
    void valuesAreTrimmed() {
        RunParamSet set = systemAndJob(declared("GOAL", null)).merge(List.of(new ParamValue("GOAL", " x "))).result();
        assertThat(valueOf(set, "GOAL")).isEqualTo("x");
    }

    @Test
    void requiredParamsWithoutValuesAreNotRefusedHere() {
        RunParam required = new RunParam("VERSION", null, true, false, false, null);
        RunParamSet.Merge merge = systemAndJob(required).merge(List.of());
        assertThat(merge.refused()).isEmpty();
        assertThat(merge.result().find("VERSION").orElseThrow().hasValue()).isFalse();
    }

    @Test
    void sensitiveValuesAreMaskedWhateverTheirLength() {
        RunParam shortSecret = new RunParam("PIN", "1234", false, true, false, null);
        RunParam plain = declared("GOAL", "test");
        assertThat(shortSecret.masked().value()).isEqualTo("******");
        assertThat(plain.masked().value()).isEqualTo("test");
        assertThat(new RunParam("EMPTY", null, false, true, false, null).masked().value()).isNull();
    }

    @Test
    void aPipelineShapeWithoutStagesOrWithDuplicatesIsExplained() {
        assertThat(Pipeline.shapeProblems(List.of())).containsExactly("a pipeline needs at least one stage");
        Pipeline.TaskDefinition task = new Pipeline.TaskDefinition("t", null, "j", List.of(), false, false, List.of(),
                null, null, null, null, List.of());
        assertThat(Pipeline.shapeProblems(List.of(
                new Pipeline.StageDefinition("a", false, List.of(task, task)),
                new Pipeline.StageDefinition("a", false, List.of()))))
                .containsExactly("task name 't' is used twice in stage 'a'", "stage name 'a' is used twice",
                        "stage 'a' has no tasks");
    }
}

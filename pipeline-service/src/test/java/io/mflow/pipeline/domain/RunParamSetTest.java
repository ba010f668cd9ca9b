package io.mflow.pipeline.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunParamSetTest {

    private static RunParam param(String name, String value) {
        return new RunParam(name, value, false, false, false);
    }

    @Test
    void anOutputFillsADeclaredParam() {
        RunParamSet set = RunParamSet.of(param("APP_VERSION", "")).overlay(Map.of("APP_VERSION", "v1.2"));
        assertThat(set.params()).extracting(RunParam::value).containsExactly("v1.2");
    }

    @Test
    void anOutputReplacesAPlanValue() {
        RunParamSet set = RunParamSet.of(param("APP_VERSION", "v1.0")).overlay(Map.of("APP_VERSION", "v1.2"));
        assertThat(set.params()).extracting(RunParam::value).containsExactly("v1.2");
    }

    @Test
    void anUndeclaredOutputIsNotAdded() {
        RunParamSet set = RunParamSet.of(param("A", "1")).overlay(Map.of("B", "2"));
        assertThat(set.params()).extracting(RunParam::name).containsExactly("A");
    }

    @Test
    void anEmptyOutputNeverOverrides() {
        RunParamSet set = RunParamSet.of(param("A", "1")).overlay(Map.of("A", "  "));
        assertThat(set.params()).extracting(RunParam::value).containsExactly("1");
    }

    @Test
    void aSensitiveParamKeepsItsSealedValue() {
        RunParam secret = new RunParam("PASSWORD", "enc:v1:abc", false, true, false);
        assertThat(RunParamSet.of(secret).overlay(Map.of("PASSWORD", "plain")).params()).containsExactly(secret);
    }

    @Test
    void anOutputNeverFillsARunnerParamSoAJobCannotMoveTheJobsAfterItElsewhere() {
        RunParam namespace = param("_namespace", "builds");
        RunParam cluster = param("_kube_config", "");
        RunParam version = param("APP_VERSION", "");

        RunParamSet set = RunParamSet.of(namespace, cluster, version).overlay(Map.of("_namespace", "kube-system",
                "_kube_config", "prod", "APP_VERSION", "v1.2"));

        assertThat(set.params()).containsExactly(namespace, cluster, version.withValue("v1.2"));
    }

    @Test
    void aReadOnlyParamWithAValueIsLocked() {
        RunParam locked = new RunParam("REGION", "eu", false, false, true);
        assertThat(RunParamSet.of(locked).overlay(Map.of("REGION", "us")).params()).containsExactly(locked);
    }

    @Test
    void aReadOnlyParamWithoutAValueCanBeFilled() {
        RunParam open = new RunParam("REGION", null, false, false, true);
        assertThat(RunParamSet.of(open).overlay(Map.of("REGION", "us")).params()).extracting(RunParam::value).containsExactly("us");
    }

    @Test
    void aRequiredParamWithoutAValueIsMissing() {
        RunParamSet set = RunParamSet.of(new RunParam("A", "", true, false, false), new RunParam("B", "x", true, false, false),
                new RunParam("C", null, false, false, false));
        assertThat(set.missingRequired()).containsExactly("A");
    }

    @Test
    void anOutputCanSatisfyARequiredParam() {
        RunParamSet set = RunParamSet.of(new RunParam("A", "", true, false, false)).overlay(Map.of("A", "ok"));
        assertThat(set.missingRequired()).isEmpty();
    }
}

package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What an approval approved: the digest changes exactly when what the job runs with does. */
class ParamsDigestTest {

    private static RunParam plain(String name, String value) {
        return new RunParam(name, value, false, false, false, null);
    }

    private static RunParam sealed(String name, String ciphertext) {
        return new RunParam(name, ciphertext, false, true, false, null);
    }

    private static final List<RunParam> APPROVED = List.of(plain("MODE", "safe"), plain("TARGET", "prod"),
            sealed("PASSWORD", "enc:v1:AAAA"), plain(RunParamSet.JOB_TASK_UPDATE_TOKEN, "enc:v1:token-1"));

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("the same params in another order: the same digest", List.of(APPROVED.get(3),
                        APPROVED.get(1), APPROVED.get(2), APPROVED.get(0)), true),
                Arguments.of("a plain value changed: another digest", List.of(plain("MODE", "yolo"),
                        APPROVED.get(1), APPROVED.get(2), APPROVED.get(3)), false),
                Arguments.of("a sensitive value changed (sealed anew): another digest", List.of(APPROVED.get(0),
                        APPROVED.get(1), sealed("PASSWORD", "enc:v1:BBBB"), APPROVED.get(3)), false),
                Arguments.of("a param added: another digest", Stream.concat(APPROVED.stream(),
                        Stream.of(plain("EXTRA", ""))).toList(), false),
                Arguments.of("a value moved between names: another digest", List.of(plain("MODE", "prod"),
                        plain("TARGET", "safe"), APPROVED.get(2), APPROVED.get(3)), false),
                Arguments.of("names and values that run together differently: another digest",
                        List.of(plain("MODE", "safeTARGET"), plain("", "prod"), APPROVED.get(2), APPROVED.get(3)),
                        false),
                Arguments.of("only the update token is new (a new attempt's): the same digest", List.of(
                        APPROVED.get(0), APPROVED.get(1), APPROVED.get(2),
                        plain(RunParamSet.JOB_TASK_UPDATE_TOKEN, "enc:v1:token-2")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theDigestChangesExactlyWhenWhatTheJobRunsWithDoes(String behaviour, List<RunParam> params, boolean same) {
        assertThat(ParamsDigest.of(params).equals(ParamsDigest.of(APPROVED))).isEqualTo(same);
    }

    @Test
    void theDigestNamesItsAlgorithmAndShowsNoValue() {
        String digest = ParamsDigest.of(APPROVED);

        assertThat(digest).matches("sha256:[0-9a-f]{64}").doesNotContain("prod", "AAAA");
    }
}

package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void aNameOfTheLimitIsAcceptedAndOneCharacterMoreIsRefusedWithBothNumbers() {
        assertThat(Limits.checkName("name", "n".repeat(128), null)).isNull();
        assertThat(Limits.checkName("name", "n".repeat(129), null))
                .isEqualTo("name is 129 characters long; at most 128 are allowed");
    }

    @Test
    void anOverlongNameIsToldByItsLengthNotEchoedBack() {
        assertThat(Limits.checkName("name", "secret".repeat(50_000), Limits.USER_NAME)).doesNotContain("secret");
    }

    @Test
    void aNameWithAControlCharacterIsRefusedSayingWhichAndWhere() {
        assertThat(Limits.checkName("a key of labels", "team\u0000", null))
                .isEqualTo("a key of labels has a control character (U+0000) at index 4; a name may have none");
        assertThat(Limits.checkName("name", "tab\there", null)).contains("U+0009");
        assertThat(Limits.checkName("name", "Grüße-😀", null)).isNull();
    }

    @Test
    void bytesAreCountedInUtf8SoTextOfWiderCharactersReachesTheLimitSooner() {
        assertThat(Limits.checkBytes("runnerSpec", "x".repeat(Limits.RUNNER_SPEC_BYTES), Limits.RUNNER_SPEC_BYTES))
                .isNull();
        assertThat(Limits.checkBytes("runnerSpec", "€".repeat(30_000), Limits.RUNNER_SPEC_BYTES))
                .isEqualTo("runnerSpec is 90000 bytes long; at most 65536 (64 KiB) are allowed");
    }

    @Test
    void aValueThatLooksSealedIsRefusedAndAPlainOneThatMerelyMentionsItIsNot() {
        assertThat(Limits.checkValues("params", List.of(new ParamValue("PASSWORD", "enc:v1:QUJD"))))
                .isEqualTo("params[0].value looks like a value mflow sealed (enc:v1:...); give the plain value, mflow"
                        + " seals it");
        assertThat(Limits.checkParamValue("value", "enc:v2:QUJD")).isNotNull();
        assertThat(Limits.checkParamValue("value", "see enc:v1:QUJD")).isNull();
        assertThat(Limits.checkParamValue("value", "enc:vx")).isNull();
    }

    @Test
    void theFirstBadValueIsToldWithItsPlaceInTheList() {
        List<ParamValue> values = List.of(new ParamValue("GOAL", "test"), new ParamValue("G".repeat(129), "x"),
                new ParamValue(null, "y"));
        assertThat(Limits.checkValues("params", values)).startsWith("params[1].name is 129 characters long");
        assertThat(Limits.checkValues("params", List.of(new ParamValue(null, "y"))))
                .isEqualTo("params[0].name is required");
    }

    @Test
    void anOverlongScopeIsToldWithItsPlace() {
        assertThat(Limits.checkValues("params", List.of(new ParamValue("ENV", "prod",
                new ParamScope("s".repeat(Limits.NAME_LENGTH + 1), null)))))
                .startsWith("params[0].scope.stage is " + (Limits.NAME_LENGTH + 1) + " characters long");
        assertThat(Limits.checkValues("params", List.of(new ParamValue("ENV", "prod", new ParamScope("deploy", "2")))))
                .isNull();
    }

    @Test
    void tooManyEntriesAreToldBeforeAnyOfThem() {
        List<ParamValue> values = IntStream.range(0, 101).mapToObj(i -> new ParamValue("P" + i, "v")).toList();
        assertThat(Limits.checkValues("params", values)).isEqualTo("params has 101 entries; at most 100 are allowed");
    }

    @Test
    void anEntryWithoutAValueOrWithAnOverlongKeyIsRefused() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", null);
        assertThat(Limits.checkEntries("labels", labels, Limits.TEXT_LENGTH, false))
                .isEqualTo("labels.team must be a string, not null");
        assertThat(Limits.checkEntries("labels", Map.of("k".repeat(129), "v"), Limits.TEXT_LENGTH, false))
                .isEqualTo("a key of labels is 129 characters long; at most 128 are allowed");
        assertThat(Limits.checkEntries("labels", Map.of("team", "core"), Limits.TEXT_LENGTH, false)).isNull();
    }
}

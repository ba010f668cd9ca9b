package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every param type, the values it takes and the values it refuses, with the reason its author reads. */
class ParamTypeTest {

    private static final List<String> ENVIRONMENTS = List.of("dev", "prod");

    @ParameterizedTest(name = "{0} takes ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            STRING         | main
            STRING         | with spaces and ünïcode
            TEXT           | 'line one\nline two'
            NUMBER         | 42
            NUMBER         | -1.5
            NUMBER         | 1e3
            BOOLEAN        | true
            BOOLEAN        | false
            ENUM           | prod
            URL            | https://example.com/repo.git
            URL            | http://10.0.0.1:8080/x?y=z
            HTTP_ENUM      | anything-on-one-line
            K8S_CONFIG_MAP | app-config
            K8S_CONFIG_MAP | app.config-v2
            K8S_SECRET     | registry-credentials
            """)
    void aValueThatFitsIsTaken(ParamType type, String value) {
        assertThat(type.problemWith(value.replace("\\n", "\n"), ENVIRONMENTS)).isNull();
    }

    @ParameterizedTest(name = "{0} refuses ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            STRING         | 'line one\nline two' | must be a single line
            NUMBER         | forty-two            | must be a number, not 'forty-two'
            NUMBER         | 1,5                  | must be a number
            BOOLEAN        | yes                  | must be true or false, not 'yes'
            BOOLEAN        | TRUE                 | must be true or false
            ENUM           | staging              | must be one of [dev, prod], not 'staging'
            URL            | example.com/x        | must be an absolute URL
            URL            | git@github.com:a/b   | must be an absolute URL
            HTTP_ENUM      | 'a\nb'               | must be a single line
            K8S_CONFIG_MAP | App_Config           | must be the name of a Kubernetes ConfigMap
            K8S_SECRET     | -starts-with-dash    | must be the name of a Kubernetes Secret
            """)
    void aValueThatDoesNotFitIsRefusedWithTheReason(ParamType type, String value, String reason) {
        assertThat(type.problemWith(value.replace("\\n", "\n"), ENVIRONMENTS)).contains(reason);
    }

    @ParameterizedTest
    @CsvSource({"STRING", "TEXT", "NUMBER", "BOOLEAN", "ENUM", "URL", "HTTP_ENUM", "K8S_CONFIG_MAP", "K8S_SECRET"})
    void anEmptyValueFitsEveryTypeForRequiredIsWhatAsksForOne(ParamType type) {
        assertThat(type.problemWith("", ENVIRONMENTS)).isNull();
        assertThat(type.problemWith(null, ENVIRONMENTS)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"number,NUMBER", "Enum,ENUM", "' ',TEXT", "k8s_secret,K8S_SECRET"})
    void aTypeIsNamedInAnyCaseAndNoneIsText(String text, ParamType type) {
        assertThat(ParamType.named(text)).isEqualTo(type);
        assertThat(ParamType.named(null)).isEqualTo(ParamType.TEXT);
        assertThat(ParamType.named("INTEGER")).isNull();
    }

    @org.junit.jupiter.api.Test
    void aRefusalNamesTheParamAndABooleanAllowsOnlyTrueAndFalse() {
        RunParam replicas = new RunParam("REPLICAS", "three", false, false, false, null, ParamType.NUMBER, null, false);
        assertThat(replicas.typeProblem()).isEqualTo("param 'REPLICAS' must be a number, not 'three'");
        RunParam dryRun = new RunParam("DRY_RUN", "true", false, false, false, null, ParamType.BOOLEAN, null, false);
        assertThat(dryRun.allowedValues()).containsExactly("true", "false");
        assertThat(dryRun.typeProblem()).isNull();
    }

    @org.junit.jupiter.api.Test
    void aRefusalOfASensitiveValueNeverQuotesIt() {
        RunParam pin = new RunParam("PIN", "hunter2", false, true, false, null, ParamType.NUMBER, null, false);
        assertThat(pin.typeProblem()).isEqualTo("param 'PIN' is sensitive and its value is not a NUMBER")
                .doesNotContain("hunter2");
    }

    @org.junit.jupiter.api.Test
    void aDeclarationIsRefusedWhenItsOptionsOrItsDefaultDoNotFitItsType() {
        assertThat(new RunParam("ENV", null, false, false, false, null, ParamType.ENUM, List.of(), false)
                .definitionProblem()).isEqualTo("param 'ENV' is an ENUM: it needs options");
        assertThat(new RunParam("ENV", null, false, false, false, null, ParamType.TEXT,
                List.of(new ParamOption("a", null)), false).definitionProblem()).contains("its type must be ENUM");
        assertThat(new RunParam("ENV", "qa", false, false, false, null, ParamType.ENUM,
                List.of(new ParamOption("dev", "Development"), new ParamOption("prod", null)), false)
                .definitionProblem()).isEqualTo("the default of param 'ENV' must be one of [dev, prod], not 'qa'");
        assertThat(new RunParam("ENV", "dev", false, false, false, null, ParamType.ENUM,
                List.of(new ParamOption("dev", null), new ParamOption("dev", null)), false).definitionProblem())
                .contains("listed twice");
        assertThat(new RunParam("ENV", "dev", false, false, false, null, ParamType.ENUM,
                List.of(new ParamOption("dev", null)), false).definitionProblem()).isNull();
    }
}

package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ${NAME} in a run param's value stands for run param NAME of the same run. */
class ParamReferencesTest {

    private static ParamValue value(String name, String value) {
        return new ParamValue(name, value);
    }

    private static List<String> resolved(ParamValue... values) {
        ParamReferences.Resolution resolution = ParamReferences.resolve(List.of(values), Set.of("PASSWORD"));
        assertThat(resolution.problem()).isNull();
        return resolution.values().stream().map(v -> v.name() + "=" + v.value()).toList();
    }

    private static String refused(ParamValue... values) {
        return ParamReferences.resolve(List.of(values), Set.of("PASSWORD")).problem();
    }

    @Test
    void aReferenceTakesTheValueOfTheRunParamItNames() {
        assertThat(resolved(value("GIT_BRANCH", "main"), value("APP_VERSION", "${GIT_BRANCH}-42")))
                .containsExactly("GIT_BRANCH=main", "APP_VERSION=main-42");
    }

    @Test
    void referencesAreFollowedThroughOtherReferencesWhateverTheirOrder() {
        assertThat(resolved(value("TAG", "${IMAGE}:${VERSION}"), value("IMAGE", "shop/${APP}"), value("APP", "cart"),
                value("VERSION", "1.2")))
                .containsExactly("TAG=shop/cart:1.2", "IMAGE=shop/cart", "APP=cart", "VERSION=1.2");
    }

    @Test
    void theLaterOfTwoValuesOfOneNameIsTheOneReferredTo() {
        assertThat(resolved(value("ENV", "dev"), value("HOST", "${ENV}.example.com"), value("ENV", "prod")))
                .contains("HOST=prod.example.com");
    }

    @Test
    void textThatIsNotAReferenceStaysAsItIs() {
        assertThat(resolved(value("SCRIPT", "echo $HOME ${} ${1X} $ {A}"))).containsExactly("SCRIPT=echo $HOME ${} ${1X} $ {A}");
    }

    @Test
    void aReferenceToANameTheRunDoesNotGiveRefusesTheRun() {
        assertThat(refused(value("APP_VERSION", "${GIT_BRANCH}")))
                .isEqualTo("run param 'APP_VERSION' refers to ${GIT_BRANCH}, which no run param of this run gives");
    }

    @Test
    void aCycleRefusesTheRunAndShowsIt() {
        assertThat(refused(value("A", "${B}"), value("B", "x-${C}"), value("C", "${A}")))
                .isEqualTo("run params refer to each other in a circle: A -> B -> C -> A");
        assertThat(refused(value("A", "${A}"))).isEqualTo("run params refer to each other in a circle: A -> A");
    }

    @Test
    void aReferenceToASensitiveParamIsRefusedForItWouldCopyTheSecretInTheClear() {
        assertThat(refused(value("PASSWORD", "s3cret"), value("ECHO", "${PASSWORD}")))
                .contains("refers to ${PASSWORD}, which is sensitive");
    }
}

package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.schemas.sealed.SealedValues;
import org.junit.jupiter.api.Test;

class SealedValuesTest {

    final SealedValues sealed = new SealedValues(SealedValues.newKey());

    @Test
    void aSealedValueDoesNotShowThePlainTextAndOpensBackToIt() {
        String box = sealed.seal("hunter2-password");
        assertThat(box).startsWith("enc:v1:").doesNotContain("hunter2");
        assertThat(sealed.open(box)).isEqualTo("hunter2-password");
    }

    @Test
    void sealingTwiceGivesDifferentTextSoEqualSecretsCannotBeSpotted() {
        assertThat(sealed.seal("same")).isNotEqualTo(sealed.seal("same"));
    }

    @Test
    void aValueSealedWithAnotherKeyDoesNotOpen() {
        String box = new SealedValues(SealedValues.newKey()).seal("x");
        assertThatThrownBy(() -> sealed.open(box)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedAtStart() {
        assertThatThrownBy(() -> new SealedValues("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }
}

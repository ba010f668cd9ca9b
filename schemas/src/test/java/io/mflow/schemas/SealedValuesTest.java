package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.schemas.sealed.SealedPlace;
import io.mflow.schemas.sealed.SealedValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SealedValuesTest {

    static final String KEY = SealedValues.newKey();
    final SealedValues sealed = new SealedValues(KEY);
    static final SealedPlace TASK_A_PASSWORD = SealedPlace.jobTaskParam("jt-a", "PASSWORD");

    @Test
    void aSealedValueDoesNotShowThePlainTextAndOpensBackToIt() {
        String box = sealed.seal("hunter2-password", TASK_A_PASSWORD);
        assertThat(box).startsWith("enc:v2:").doesNotContain("hunter2");
        assertThat(sealed.open(box, TASK_A_PASSWORD)).isEqualTo("hunter2-password");
    }

    @Test
    void sealingTwiceGivesDifferentTextSoEqualSecretsCannotBeSpotted() {
        assertThat(sealed.seal("same", TASK_A_PASSWORD)).isNotEqualTo(sealed.seal("same", TASK_A_PASSWORD));
    }

    @Test
    void aValueSealedWithAnotherKeyDoesNotOpen() {
        String box = new SealedValues(SealedValues.newKey()).seal("x", TASK_A_PASSWORD);
        assertThatThrownBy(() -> sealed.open(box, TASK_A_PASSWORD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedAtStart() {
        assertThatThrownBy(() -> new SealedValues("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }

    @Test
    void aValueSealedForOneTasksParamDoesNotOpenInAnotherTasksParamOfTheSameName() {
        String box = sealed.seal("hunter2", TASK_A_PASSWORD);
        assertThatThrownBy(() -> sealed.open(box, SealedPlace.jobTaskParam("jt-b", "PASSWORD")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not open").hasMessageNotContaining("hunter2");
    }

    @Test
    void aValueSealedForOneParamDoesNotOpenInAnotherParamOfTheSameTask() {
        String box = sealed.seal("hunter2", TASK_A_PASSWORD);
        assertThatThrownBy(() -> sealed.open(box, SealedPlace.jobTaskParam("jt-a", "OTHER")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueSealedAsOneKindDoesNotOpenAsAnotherWithTheSameOwnerAndField() {
        String param = sealed.seal("hunter2", SealedPlace.jobTaskParam("jt-a", "attempt 1"));
        assertThatThrownBy(() -> sealed.open(param, SealedPlace.updateToken("jt-a", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        String jobDefault = sealed.seal("hunter2", SealedPlace.jobParamDefault("jt-a", "PASSWORD"));
        assertThatThrownBy(() -> sealed.open(jobDefault, TASK_A_PASSWORD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUpdateTokenOpensForItsAttemptAloneNotForTheNextNorAnotherTaskNorAsAParam() {
        String token = sealed.seal("token-1", SealedPlace.updateToken("jt-a", 1));
        assertThat(sealed.open(token, SealedPlace.updateToken("jt-a", 1))).isEqualTo("token-1");
        assertThatThrownBy(() -> sealed.open(token, SealedPlace.updateToken("jt-a", 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealed.open(token, SealedPlace.updateToken("jt-b", 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealed.open(token, SealedPlace.jobTaskParam("jt-a", "JOB_TASK_UPDATE_TOKEN")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void placesWhosePartsJoinToTheSameTextStayApart() {
        // "jt-a" + "b" against "jt-" + "ab": a place made by joining parts with nothing between them would be one.
        String box = sealed.seal("hunter2", SealedPlace.jobTaskParam("jt-a", "b"));
        assertThatThrownBy(() -> sealed.open(box, SealedPlace.jobTaskParam("jt-", "ab")))
                .isInstanceOf(IllegalArgumentException.class);
        String piped = sealed.seal("hunter2", SealedPlace.pipelineTaskParam("pl-1", "a/b", "c", "P"));
        assertThatThrownBy(() -> sealed.open(piped, SealedPlace.pipelineTaskParam("pl-1", "a", "b/c", "P")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAlteredValueDoesNotOpen() {
        String box = sealed.seal("hunter2", TASK_A_PASSWORD);
        byte[] bytes = Base64.getDecoder().decode(box.substring(SealedValues.PREFIX.length()));
        bytes[bytes.length - 1] ^= 1;
        String altered = SealedValues.PREFIX + Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> sealed.open(altered, TASK_A_PASSWORD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealed.open(SealedValues.PREFIX + "not base64!", TASK_A_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealed.open(SealedValues.PREFIX + "AAAA", TASK_A_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueSealedWithoutAPlaceByAnEarlierVersionNoLongerOpensAnywhere() throws Exception {
        // enc:v1: as versions before places wrote it: AES-256-GCM under the same key, no associated data.
        byte[] iv = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(KEY), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] body = cipher.doFinal("hunter2".getBytes(StandardCharsets.UTF_8));
        String v1 = "enc:v1:" + Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(12 + body.length).put(iv).put(body).array());
        assertThat(SealedValues.isSealed(v1)).isTrue();
        assertThatThrownBy(() -> sealed.open(v1, TASK_A_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enc:v1:").hasMessageContaining("given again").hasMessageNotContaining("hunter2");
    }

    @Test
    void aPlainValueIsLeftAsItIsAndASealedOneIsNotSealedAgain() {
        assertThat(sealed.open("plain", TASK_A_PASSWORD)).isEqualTo("plain");
        String box = sealed.seal("hunter2", TASK_A_PASSWORD);
        assertThatThrownBy(() -> sealed.seal(box, SealedPlace.jobTaskParam("jt-b", "PASSWORD")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SealedValues.isSealed("enc:v9:x")).isTrue();
        assertThat(SealedValues.isSealed("encoded")).isFalse();
    }
}

package io.mflow.platform.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1614265330);

    @Test
    void signsAsTheStandardWebhooksSpecificationsExampleDoes() {
        // the example of the specification's reference libraries
        assertThat(StandardWebhooks.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void verifiesItsOwnSignatureAmongOthers() {
        String signature = StandardWebhooks.sign(SECRET, "msg_1", "1614265330", BODY);
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", "1614265330", "v1,bm90IGl0 " + signature, BODY, NOW))
                .isTrue();
    }

    @Test
    void refusesAnAlteredBodyAnotherIdOrAnotherSecret() {
        String signature = StandardWebhooks.sign(SECRET, "msg_1", "1614265330", BODY);
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", "1614265330", signature, "{}".getBytes(), NOW)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_2", "1614265330", signature, BODY, NOW)).isFalse();
        assertThat(StandardWebhooks.verify(StandardWebhooks.newSecret(), "msg_1", "1614265330", signature, BODY, NOW))
                .isFalse();
    }

    @Test
    void refusesAReplayOlderThanFiveMinutesEvenWhenSignedRight() {
        String signature = StandardWebhooks.sign(SECRET, "msg_1", "1614265330", BODY);
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", "1614265330", signature, BODY, NOW.plusSeconds(301)))
                .isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", "1614265330", signature, BODY, NOW.plusSeconds(299)))
                .isTrue();
    }

    @Test
    void refusesMissingHeaders() {
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", null, "v1,x", BODY, NOW)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", "1614265330", null, BODY, NOW)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, "msg_1", "soon", "v1,x", BODY, NOW)).isFalse();
    }

    @Test
    void githubsDocumentedSignatureExample() {
        assertThat(Hmacs.sha256Hex("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void newSecretsAreStandardWebhooksSecretsAndDiffer() {
        assertThat(StandardWebhooks.newSecret()).startsWith("whsec_").isNotEqualTo(StandardWebhooks.newSecret());
    }
}

package io.mflow.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryResultTest {

    @Test
    void anyTwoHundredStatusIsASuccess() {
        assertThat(DeliveryResult.answered(200, "ok", 5).success()).isTrue();
        assertThat(DeliveryResult.answered(299, "", 5).success()).isTrue();
    }

    @Test
    void aRedirectOrAnErrorStatusIsAFailureNamingTheStatus() {
        DeliveryResult result = DeliveryResult.answered(302, "", 5);

        assertThat(result.success()).isFalse();
        assertThat(result.httpStatus()).isEqualTo(302);
        assertThat(result.error()).contains("302");
        assertThat(DeliveryResult.answered(500, "boom", 5).success()).isFalse();
    }

    @Test
    void aLongResponseIsKeptAsAShortExcerpt() {
        DeliveryResult result = DeliveryResult.answered(200, "x".repeat(5000), 5);

        assertThat(result.responseExcerpt()).hasSize(DeliveryResult.EXCERPT_LENGTH + 1).endsWith("…");
    }

    @Test
    void noAnswerMeansNoStatus() {
        DeliveryResult result = DeliveryResult.failed("no answer within 5000 ms", 5000);

        assertThat(result.success()).isFalse();
        assertThat(result.httpStatus()).isNull();
    }

    @Test
    void onlyAnAnswerThatMayChangeIsWorthAnotherAttempt() {
        assertThat(DeliveryResult.answered(500, "", 1).retryable()).isTrue();
        assertThat(DeliveryResult.answered(429, "", 1).retryable()).isTrue();
        assertThat(DeliveryResult.answered(400, "", 1).retryable()).isFalse();
        assertThat(DeliveryResult.failed("refused connection", 1).retryable()).isTrue();
        assertThat(DeliveryResult.refused("address refused").retryable()).isFalse();
    }

    @Test
    void aPlatformsFailureCodeInAnOkReplyIsAFailedDeliveryWithThePlatformsMessage() {
        DeliveryResult result = DeliveryResult.platformAnswered(200, "{\"code\":19021,\"msg\":\"sign match fail\"}",
                "19021", "sign match fail", false, 8);

        assertThat(result.success()).isFalse();
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.platformCode()).isEqualTo("19021");
        assertThat(result.error()).isEqualTo("the platform refused it: code 19021 (sign match fail)");
    }
}

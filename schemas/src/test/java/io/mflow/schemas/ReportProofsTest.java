package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.schemas.sealed.ReportProofs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ReportProofsTest {

    static final String TOKEN = "the-update-token";

    @Test
    void aProofShowsNothingOfTheTokenAndIsAcceptedForItsReport() throws Exception {
        String proof = ReportProofs.prove(TOKEN, "jt-1#1:ACTIVE", "jt-1", "ACTIVE");
        assertThat(proof).startsWith("proof:v1:").doesNotContain(TOKEN);
        assertThat(ReportProofs.verify(proof, sha256(TOKEN), "jt-1#1:ACTIVE", "jt-1", "ACTIVE")).isTrue();
    }

    @Test
    void aProofIsGoodForOneReportOnly() throws Exception {
        String proof = ReportProofs.prove(TOKEN, "jt-1#1:ACTIVE", "jt-1", "ACTIVE");
        assertThat(ReportProofs.verify(proof, sha256(TOKEN), "jt-1#1:SUCCEEDED", "jt-1", "SUCCEEDED")).isFalse();
        assertThat(ReportProofs.verify(proof, sha256(TOKEN), "jt-1#1:ACTIVE", "jt-2", "ACTIVE")).isFalse();
    }

    @Test
    void aProofMadeWithAnotherTokenOrGarbageIsRefused() throws Exception {
        assertThat(ReportProofs.verify(ReportProofs.prove("guess", "r", "jt-1", "ACTIVE"), sha256(TOKEN), "r", "jt-1",
                "ACTIVE")).isFalse();
        assertThat(ReportProofs.verify("proof:v1:%%%", sha256(TOKEN), "r", "jt-1", "ACTIVE")).isFalse();
        assertThat(ReportProofs.verify(TOKEN, sha256(TOKEN), "r", "jt-1", "ACTIVE")).isFalse();
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}

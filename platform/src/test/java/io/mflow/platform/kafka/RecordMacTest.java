package io.mflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The record MAC on its own: what it covers, what it refuses, and that no two records share the bytes it hashes. */
class RecordMacTest {

    private static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String OTHER_SECRET = "HxwdGhsYGRYXFBUSExAREA8ODQwLCgkIBwYFBAMCAQA=";

    private final RecordMac mac = RecordMac.ofSecretKey(SECRET);

    @Test
    void aRecordSignedByTheEngineVerifiesAsItWasWritten() {
        Headers headers = headers("ce_id", "jt-1#1", "ce_type", "io.mflow.schemas.command.RunJob.v6");
        mac.sign("mflow.job-commands", bytes("pt-1"), bytes("value"), headers);

        assertThat(mac.check("mflow.job-commands", bytes("pt-1"), bytes("value"), headers))
                .isEqualTo(RecordMac.Verdict.VALID);
        assertThat(new String(headers.lastHeader(RecordMac.HEADER).value(), StandardCharsets.UTF_8))
                .startsWith("v1:").hasSize(3 + 44);
    }

    @Test
    void anAlteredValueKeyTopicOrHeaderIsRefused() {
        Headers headers = headers("ce_id", "jt-1#1", "ce_type", "RunJob.v6");
        mac.sign("mflow.job-commands", bytes("pt-1"), bytes("value"), headers);

        assertThat(mac.check("mflow.job-commands", bytes("pt-1"), bytes("valuE"), headers))
                .isEqualTo(RecordMac.Verdict.WRONG);
        assertThat(mac.check("mflow.job-commands", bytes("pt-2"), bytes("value"), headers))
                .isEqualTo(RecordMac.Verdict.WRONG);
        assertThat(mac.check("mflow.job-commands", null, bytes("value"), headers))
                .isEqualTo(RecordMac.Verdict.WRONG);
        assertThat(mac.check("mflow.job-task-status-reports", bytes("pt-1"), bytes("value"), headers))
                .isEqualTo(RecordMac.Verdict.WRONG);
        assertThat(mac.check("mflow.job-commands", bytes("pt-1"), bytes("value"),
                replaced(headers, "ce_id", "jt-2#1"))).isEqualTo(RecordMac.Verdict.WRONG);
        Headers added = copy(headers);
        added.add("mflow-type", bytes("io.mflow.schemas.command.CancelJob"));
        assertThat(mac.check("mflow.job-commands", bytes("pt-1"), bytes("value"), added))
                .isEqualTo(RecordMac.Verdict.WRONG);
        Headers dropped = copy(headers);
        dropped.remove("ce_type");
        assertThat(mac.check("mflow.job-commands", bytes("pt-1"), bytes("value"), dropped))
                .isEqualTo(RecordMac.Verdict.WRONG);
    }

    @Test
    void aMacMadeWithAnotherKeyIsRefused() {
        Headers headers = headers("ce_id", "jt-1#1");
        RecordMac.ofSecretKey(OTHER_SECRET).sign("mflow.job-commands", bytes("pt-1"), bytes("value"), headers);

        assertThat(mac.check("mflow.job-commands", bytes("pt-1"), bytes("value"), headers))
                .isEqualTo(RecordMac.Verdict.WRONG);
    }

    @Test
    void aMissingMacIsMissingAndAMalformedOrDoubledOneIsMalformed() {
        assertThat(mac.check("t", bytes("k"), bytes("v"), headers("ce_id", "1"))).isEqualTo(RecordMac.Verdict.MISSING);
        for (String malformed : new String[] {"", "v1:", "v1:not base64!", "v2:" + "A".repeat(43) + "=",
                "v1:" + "AAAA", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}) {
            assertThat(mac.check("t", bytes("k"), bytes("v"), headers(RecordMac.HEADER, malformed)))
                    .as(malformed).isEqualTo(RecordMac.Verdict.MALFORMED);
        }
        Headers doubled = headers("ce_id", "1");
        mac.sign("t", bytes("k"), bytes("v"), doubled);
        doubled.add(RecordMac.HEADER, doubled.lastHeader(RecordMac.HEADER).value());
        assertThat(mac.check("t", bytes("k"), bytes("v"), doubled)).isEqualTo(RecordMac.Verdict.MALFORMED);
        Headers nullValue = new RecordHeaders();
        nullValue.add(RecordMac.HEADER, null);
        assertThat(mac.check("t", bytes("k"), bytes("v"), nullValue)).isEqualTo(RecordMac.Verdict.MALFORMED);
    }

    @Test
    void bytesShiftedBetweenFieldsNeverGiveTheSameMac() {
        Headers none = new RecordHeaders();
        byte[] reference = mac.macOf("ab", bytes("c"), bytes("d"), none);
        assertThat(mac.macOf("a", bytes("bc"), bytes("d"), none)).isNotEqualTo(reference);
        assertThat(mac.macOf("ab", bytes(""), bytes("cd"), none)).isNotEqualTo(reference);
        assertThat(mac.macOf("ab", bytes("cd"), bytes(""), none)).isNotEqualTo(reference);
        assertThat(mac.macOf("ab", bytes("cd"), null, none)).isNotEqualTo(mac.macOf("ab", bytes("cd"), bytes(""), none));
        assertThat(mac.macOf("ab", null, bytes("cd"), none)).isNotEqualTo(mac.macOf("ab", bytes(""), bytes("cd"), none));

        byte[] oneHeader = mac.macOf("t", bytes("k"), bytes("v"), headers("ab", "c"));
        assertThat(mac.macOf("t", bytes("k"), bytes("v"), headers("a", "bc"))).isNotEqualTo(oneHeader);
        assertThat(mac.macOf("t", bytes("k"), bytes("v"), headers("a", "b", "c", ""))).isNotEqualTo(oneHeader);
        // the value's last bytes cannot be passed off as a header, nor a header as the value's end
        assertThat(mac.macOf("t", bytes("k"), bytes("v"), new RecordHeaders()))
                .isNotEqualTo(mac.macOf("t", bytes("k"), bytes(""), headers("v", "")));
        // headers in another order are another record: a reader takes the last of a name
        assertThat(mac.macOf("t", bytes("k"), bytes("v"), headers("x", "1", "x", "2")))
                .isNotEqualTo(mac.macOf("t", bytes("k"), bytes("v"), headers("x", "2", "x", "1")));
    }

    @Test
    void theMacKeyIsDerivedAndNotTheSecretKeyItself() throws Exception {
        Mac raw = Mac.getInstance("HmacSHA256");
        raw.init(new SecretKeySpec(java.util.Base64.getDecoder().decode(SECRET), "HmacSHA256"));
        Headers headers = headers("ce_id", "1");
        mac.sign("t", bytes("k"), bytes("v"), headers);
        byte[] signed = java.util.Base64.getDecoder().decode(
                new String(headers.lastHeader(RecordMac.HEADER).value(), StandardCharsets.UTF_8).substring(3));

        assertThat(signed).isNotEqualTo(raw.doFinal(bytes("v")));
        assertThat(mac.macOf("t", bytes("k"), bytes("v"), headers("ce_id", "1"))).isEqualTo(signed);
    }

    @Test
    void theDerivationIsRfc5869Hkdf() {
        // RFC 5869, test case 3: SHA-256, no salt, no info
        byte[] okm = RecordMac.hkdf(HexFormat.of().parseHex("0b".repeat(22)), new byte[0], 42);

        assertThat(HexFormat.of().formatHex(okm)).isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f"
                + "3c738d2d9d201395faa4b61a96c8");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Headers headers(String... namesAndValues) {
        Headers headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], bytes(namesAndValues[i + 1]));
        }
        return headers;
    }

    private static Headers copy(Headers headers) {
        return new RecordHeaders(headers.toArray());
    }

    private static Headers replaced(Headers headers, String name, String value) {
        Headers copy = new RecordHeaders();
        headers.forEach(h -> copy.add(h.key(), h.key().equals(name) ? bytes(value) : h.value()));
        return copy;
    }
}

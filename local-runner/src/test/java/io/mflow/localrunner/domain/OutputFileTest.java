package io.mflow.localrunner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputFileTest {

    @Test
    void keyValueLinesBecomeOutputs() {
        assertThat(OutputFile.parse("IMAGE=repo/app:1.2\nDIGEST=sha256:abc\n"))
                .containsEntry("IMAGE", "repo/app:1.2")
                .containsEntry("DIGEST", "sha256:abc")
                .hasSize(2);
    }

    @Test
    void blankLinesAndLinesWithoutAnEqualsSignAreIgnored() {
        assertThat(OutputFile.parse("\n  \njust text\nA=1\n")).containsOnlyKeys("A");
    }

    @Test
    void keysAreTrimmedAndValuesKeptAsWritten() {
        assertThat(OutputFile.parse("  KEY  = a=b ")).containsEntry("KEY", " a=b ");
    }

    @Test
    void aLineWithAnEmptyKeyIsIgnored() {
        assertThat(OutputFile.parse("=value\n   =x")).isEmpty();
    }

    @Test
    void aLaterLineWinsOverAnEarlierOneWithTheSameKey() {
        assertThat(OutputFile.parse("A=1\nA=2")).containsEntry("A", "2");
    }

    @Test
    void windowsLineEndingsAreLineEndings() {
        assertThat(OutputFile.parse("A=1\r\nB=2\r\n")).containsEntry("A", "1").containsEntry("B", "2");
    }

    @Test
    void noFileContentMeansNoOutputs() {
        assertThat(OutputFile.parse(null)).isEmpty();
        assertThat(OutputFile.parse("")).isEmpty();
    }
}

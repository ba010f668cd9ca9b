package io.mflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLinesTest {

    @Test
    void linesAreCountedByTheirEndsAndALastLineWithoutOneCountsToo() {
        assertThat(LogLines.count("")).isZero();
        assertThat(LogLines.count("a\n")).isEqualTo(1);
        assertThat(LogLines.count("a\nb")).isEqualTo(2);
        assertThat(LogLines.count("a\n\n")).isEqualTo(2);
    }

    @Test
    void whatFollowsTheFirstLinesOfAText() {
        assertThat(LogLines.after("a\nb\n", 0)).isEqualTo("a\nb\n");
        assertThat(LogLines.after("a\nb\n", -3)).isEqualTo("a\nb\n");
        assertThat(LogLines.after("a\nb\nc\n", 1)).isEqualTo("b\nc\n");
        assertThat(LogLines.after("a\nb\n", 2)).isEmpty();
        assertThat(LogLines.after("a\nb", 5)).isEmpty();
    }
}

package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobLogTest {

    @Test
    void linesAreCountedByTheirEndsAndALastLineWithoutOneCountsToo() {
        assertThat(JobLog.linesIn("")).isZero();
        assertThat(JobLog.linesIn("a\n")).isEqualTo(1);
        assertThat(JobLog.linesIn("a\nb")).isEqualTo(2);
        assertThat(JobLog.linesIn("a\n\n")).isEqualTo(2);
    }

    @Test
    void onlyTheLinesALogDoesNotHoldYetAreNew() {
        assertThat(JobLog.newPart(0, 0, "a\nb\n")).isEqualTo("a\nb\n");
        assertThat(JobLog.newPart(2, 0, "a\nb\n")).as("a copy").isEmpty();
        assertThat(JobLog.newPart(1, 0, "a\nb\nc\n")).as("published again, with more").isEqualTo("b\nc\n");
        assertThat(JobLog.newPart(2, 2, "c\n")).isEqualTo("c\n");
        assertThat(JobLog.newPart(5, 1, "b\nc\n")).isEmpty();
    }

    @Test
    void theTextIsTheChunksInLineOrderAndSaysWhenItWasCut() {
        JobLog log = new JobLog("jt-1", 1, List.of(new JobLog.Chunk(2, "c\n"), new JobLog.Chunk(0, "a\nb\n")), true,
                false);
        assertThat(log.text()).isEqualTo("a\nb\nc\n");
        assertThat(log.from(1)).extracting(JobLog.Chunk::text).containsExactly("c\n");
        assertThat(new JobLog("jt-1", 1, List.of(new JobLog.Chunk(0, "a\n")), false, true).text())
                .isEqualTo("a\n\n[mflow: the output was cut after 8 MB]\n");
    }
}

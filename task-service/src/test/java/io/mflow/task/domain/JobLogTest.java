package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobLogTest {

    @Test
    void theTextIsTheChunksInLineOrderAndSaysWhenItWasCut() {
        JobLog log = new JobLog("jt-1", 1, List.of(new JobLog.Chunk(2, "c\n"), new JobLog.Chunk(0, "a\nb\n")), true,
                false);
        assertThat(log.text()).isEqualTo("a\nb\nc\n");
        assertThat(log.from(1)).extracting(JobLog.Chunk::text).containsExactly("c\n");
        assertThat(new JobLog("jt-1", 1, List.of(new JobLog.Chunk(0, "a\n")), false, true).text())
                .isEqualTo("a\n" + JobLog.CUT_NOTICE + "\n");
        assertThat(new JobLog("jt-1", 1, List.of(new JobLog.Chunk(0, "a")), false, true).text())
                .as("the notice is a line of its own").isEqualTo("a\n" + JobLog.CUT_NOTICE + "\n");
    }
}

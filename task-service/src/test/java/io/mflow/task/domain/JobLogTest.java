package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobLogTest {

    @Test
    void aCutLogEndsWithTheNoticeAsALineOfItsOwn() {
        assertThat("a\n" + JobLog.cutNoticeAfter("a\n")).isEqualTo("a\n" + JobLog.CUT_NOTICE + "\n");
        assertThat("a" + JobLog.cutNoticeAfter("a")).as("the notice is a line of its own")
                .isEqualTo("a\n" + JobLog.CUT_NOTICE + "\n");
        assertThat(JobLog.cutNoticeAfter(null)).as("a log cut before any chunk was kept")
                .isEqualTo(JobLog.CUT_NOTICE + "\n");
    }
}

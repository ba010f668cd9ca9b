package io.mflow.runner.adapter.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkDirTest {

    @Test
    void anAttemptIdBecomesASafeDirectoryName() {
        assertThat(WorkDir.sanitised("job task/1#2")).matches("[A-Za-z0-9._-]+").startsWith("job_task_1_2-");
    }

    @Test
    void attemptIdsThatSanitiseAlikeStillGetTheirOwnDirectory() {
        assertThat(WorkDir.sanitised("a#1")).isNotEqualTo(WorkDir.sanitised("a_1"));
    }

    @Test
    void theSameAttemptAlwaysGetsTheSameDirectory() {
        assertThat(WorkDir.sanitised("jt-1#1")).isEqualTo(WorkDir.sanitised("jt-1#1"));
    }
}

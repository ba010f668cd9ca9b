package io.mflow.localrunner.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aJobsWorkDirIsReadableByItsOwnerOnly(@TempDir Path root) throws Exception {
        WorkDir dir = WorkDir.of(root.resolve("runner"), "jt-private#1");
        dir.prepare("echo hi");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("runner"))))
                .isEqualTo("rwx------");
    }

    @Test
    void theWrapperRunsTheJobOnceHoweverOftenItIsStarted(@TempDir Path root) throws Exception {
        WorkDir dir = WorkDir.of(root, "jt-once#1");
        dir.prepare("echo ran >> '" + root.resolve("ledger") + "'");
        for (int i = 0; i < 3; i++) {
            assertThat(wrapper(dir)).isZero();
        }
        assertThat(Files.readAllLines(root.resolve("ledger"))).containsExactly("ran");
        assertThat(dir.isClaimed()).isTrue();
        assertThat(dir.exitCode()).contains(0);
    }

    @Test
    void aWorkDirClaimedByAnEarlierVersionIsNotRunAgain(@TempDir Path root) throws Exception {
        WorkDir dir = WorkDir.of(root, "jt-earlier#1");
        dir.prepare("echo ran >> '" + root.resolve("ledger") + "'");
        Files.createDirectory(dir.path().resolve("claim"));
        assertThat(dir.isClaimed()).isTrue();
        assertThat(wrapper(dir)).isZero();
        assertThat(root.resolve("ledger")).doesNotExist();
    }

    private static int wrapper(WorkDir dir) throws Exception {
        return new ProcessBuilder("/bin/sh", dir.wrapperScript().toString()).start().waitFor();
    }

    @Test
    void theSameAttemptAlwaysGetsTheSameDirectory() {
        assertThat(WorkDir.sanitised("jt-1#1")).isEqualTo(WorkDir.sanitised("jt-1#1"));
    }
}

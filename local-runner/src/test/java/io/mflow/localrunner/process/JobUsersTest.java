package io.mflow.localrunner.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ShellAttempt;
import io.mflow.localrunner.domain.StatusReporting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A privileged runner's jobs, each as a user of its own: tried as a hostile job would. Runs where the build runs as
 * root (CI here does); elsewhere there is nothing to drop and it is skipped.
 */
class JobUsersTest {

    private static final String SECRET = "engine-secret-4711";

    @TempDir
    Path tmp;
    Path secretFile;
    LocalProcesses processes;

    @BeforeEach
    void privilegedRunner() throws Exception {
        assumeThat(JobUsers.runnerIsPrivileged()).as("only a runner running as root runs jobs as other users").isTrue();
        // The jobs' root must be reachable by the job users; the runner's own secrets are not.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Path data = Files.createDirectory(tmp.resolve("data"));
        secretFile = Files.writeString(data.resolve("admin.token"), SECRET);
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        processes = new LocalProcesses(tmp.resolve("jobs"), Duration.ofSeconds(10), Duration.ofSeconds(1),
                Map.of("PATH", "/usr/bin:/bin", "HOME", "/root"), JobUsers.of("210000-210099"));
    }

    @Test
    void aJobRunsAsAUserOtherThanTheRunnersOwn() throws Exception {
        Outcome outcome = run("jt-whoami#1", "echo \"uid=$(id -u) gid=$(id -g) groups=$(id -G)\"\n"
                + "echo \"HOME_IS=$HOME\" >> \"$MFLOW_OUTPUT\"\n");

        String log = logOf("jt-whoami#1");
        assertThat(log).matches("(?s)uid=210\\d{3} gid=210\\d{3} groups=210\\d{3}\\s*");
        assertThat(outcome.outputs().get("HOME_IS")).endsWith("/work");
    }

    @Test
    void aJobCannotReadTheRunnersSecrets() throws Exception {
        run("jt-thief#1", "cat '" + secretFile + "' || echo DENIED-SECRET\n"
                + "cat '" + secretFile + "' >> \"$MFLOW_OUTPUT\"\n");

        String log = logOf("jt-thief#1");
        assertThat(log).contains("Permission denied").contains("DENIED-SECRET").doesNotContain(SECRET);
        assertThat(processes.endOf("jt-thief#1").orElseThrow().outputs().toString()).doesNotContain(SECRET);
    }

    @Test
    void aJobCannotReadAnotherRunningJobsWorkDir() throws Exception {
        ShellAttempt victim = attempt("jt-victim#1", "echo 'VICTIM_KEY=" + SECRET + "' >> \"$MFLOW_OUTPUT\"\n"
                + "echo " + SECRET + " > victim-file\nsleep 30\n");
        LocalProcess victimProcess = processes.start(victim, List.of(), "victim-token", StatusReporting.DEFAULT);
        Path victimDir = Path.of(victimProcess.workDir());
        try {
            awaitFile(victimDir.resolve("work/victim-file"));
            run("jt-snoop#1", "ls '" + victimDir.getParent() + "' || echo DENIED-LIST-ROOT\n"
                    + "ls '" + victimDir.resolve("work") + "' || echo DENIED-LIST-WORK\n"
                    + "cat '" + victimDir.resolve("work/victim-file") + "' || echo DENIED-FILE\n"
                    + "cat '" + victimDir.resolve("output") + "' || echo DENIED-OUTPUT\n"
                    + "cat '" + victimDir.resolve("log") + "' || echo DENIED-LOG\n");

            assertThat(logOf("jt-snoop#1")).contains("DENIED-LIST-ROOT", "DENIED-LIST-WORK", "DENIED-FILE",
                    "DENIED-OUTPUT", "DENIED-LOG").doesNotContain(SECRET);
            assertThat(WorkDir.of(tmp.resolve("jobs"), "jt-victim#1").uid())
                    .isNotEqualTo(WorkDir.of(tmp.resolve("jobs"), "jt-snoop#1").uid());
        } finally {
            processes.stop("jt-victim#1", victimProcess);
        }
    }

    @Test
    void aDiscardedJobLeavesNothingAndNoProcessOfItsUser() throws Exception {
        run("jt-leftover#1", "setsid sleep 60 > /dev/null 2>&1 < /dev/null &\necho LEFT=1 >> \"$MFLOW_OUTPUT\"\n");
        WorkDir dir = WorkDir.of(tmp.resolve("jobs"), "jt-leftover#1");
        int uid = dir.uid().orElseThrow();

        processes.discard("jt-leftover#1");

        assertThat(dir.path()).doesNotExist();
        Thread.sleep(200);
        assertThat(ProcessHandle.allProcesses().filter(p -> ownerOf(p) == uid)).isEmpty();
    }

    @Test
    void aFreedUserIsTakenAgainOnlyOnceItsWorkDirIsGone() throws Exception {
        run("jt-first#1", "true\n");
        int first = WorkDir.of(tmp.resolve("jobs"), "jt-first#1").uid().orElseThrow();
        run("jt-second#1", "true\n");
        assertThat(WorkDir.of(tmp.resolve("jobs"), "jt-second#1").uid()).isNotEqualTo(
                java.util.Optional.of(first));

        processes.discard("jt-first#1");
        run("jt-third#1", "true\n");
        assertThat(WorkDir.of(tmp.resolve("jobs"), "jt-third#1").uid()).contains(first);
    }

    private Outcome run(String attemptId, String script) throws Exception {
        LocalProcess process = processes.start(attempt(attemptId, script), List.of(), "token", StatusReporting.DEFAULT);
        return processes.completion(attemptId, process).get(20, TimeUnit.SECONDS);
    }

    private static ShellAttempt attempt(String attemptId, String script) {
        return new ShellAttempt(attemptId, attemptId.substring(0, attemptId.indexOf('#')), null, script);
    }

    private String logOf(String attemptId) {
        return new String(processes.outputFrom(attemptId, 0, 1 << 20), StandardCharsets.UTF_8);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 200 && !Files.exists(file); i++) {
            Thread.sleep(50);
        }
        assertThat(file).exists();
    }

    /** A zombie (killed, not yet reaped by pid 1) runs nothing: it counts as gone. */
    private static int ownerOf(ProcessHandle process) {
        return JobUsers.owner(Path.of("/proc", Long.toString(process.pid()))).orElse(-1);
    }
}

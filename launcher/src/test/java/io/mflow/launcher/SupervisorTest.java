package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real OS processes: {@code sleep 60}, killed from outside as kill -9 would. */
class SupervisorTest {

    private static final Backoff FAST =
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger startedAgain = new AtomicInteger();
    final Supervisor supervisor = new Supervisor(FAST, startedAgain::incrementAndGet);

    @AfterEach
    void stopEverything() throws InterruptedException {
        supervisor.close();
        ChildProcess left = supervisor.release("sleeper");
        if (left != null) {
            left.kill();
        }
    }

    @Test
    void aProcessKilledFromOutsideIsStartedAgain() throws Exception {
        ChildProcess first = supervisor.supervise("sleeper", this::sleeper);

        killFromOutside(first);

        await().atMost(Duration.ofSeconds(10)).until(() -> running() != null && running().pid() != first.pid());
        assertThat(running().isAlive()).isTrue();
        assertThat(starts).hasValue(2);
        assertThat(startedAgain).hasValue(1);
    }

    @Test
    void aProcessThatKeepsCrashingIsStartedAgainEachTime() throws Exception {
        supervisor.supervise("sleeper", this::sleeper);

        for (int crash = 1; crash <= 3; crash++) {
            ChildProcess before = running();
            killFromOutside(before);
            await().atMost(Duration.ofSeconds(10)).until(() -> running() != null && running().pid() != before.pid());
        }

        assertThat(starts).hasValue(4);
    }

    @Test
    void aReleasedProcessThatIsKilledStaysDown() throws Exception {
        supervisor.supervise("sleeper", this::sleeper);

        supervisor.release("sleeper").kill();

        assertNothingStartedAgainWithin(Duration.ofSeconds(1));
        assertThat(running()).isNull();
    }

    @Test
    void aClosedSupervisorStartsNothingAgain() throws Exception {
        ChildProcess first = supervisor.supervise("sleeper", this::sleeper);

        supervisor.close();
        killFromOutside(first);

        assertNothingStartedAgainWithin(Duration.ofSeconds(1));
    }

    @Test
    void aReleasedProcessCanBeSupervisedAgainAndIsThenStartedAgainAfterACrash() throws Exception {
        supervisor.supervise("sleeper", this::sleeper);
        supervisor.release("sleeper").kill();

        ChildProcess second = supervisor.supervise("sleeper", this::sleeper);
        killFromOutside(second);

        await().atMost(Duration.ofSeconds(10)).until(() -> running() != null && running().pid() != second.pid());
        assertThat(starts).hasValue(3);
    }

    @Test
    void aProcessThatFailsToStartAgainIsTriedAgainLater() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ChildProcess first = supervisor.supervise("sleeper", () -> {
            if (attempts.incrementAndGet() == 2) {
                throw new IllegalStateException("the jar is being rebuilt");
            }
            return sleeper();
        });

        killFromOutside(first);

        await().atMost(Duration.ofSeconds(10)).until(() -> running() != null && running().pid() != first.pid());
        assertThat(attempts).hasValue(3);
    }

    private ChildProcess sleeper() throws Exception {
        starts.incrementAndGet();
        return ChildProcess.start("sleeper", List.of("sleep", "60"), Map.of(), dir, dir.resolve("logs"));
    }

    private ChildProcess running() {
        return supervisor.current("sleeper");
    }

    private void assertNothingStartedAgainWithin(Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis()); // many times the backoff: a start again would have happened by now
        assertThat(starts).hasValue(1);
        assertThat(startedAgain).hasValue(0);
    }

    private static void killFromOutside(ChildProcess process) {
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().join();
    }
}

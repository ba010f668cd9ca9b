package io.mflow.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * If the launcher dies without closing (kill -9), its children must not live on holding the ports: a shell that
 * outlives the launcher kills the pids it was last told of.
 */
final class Watchdog {

    private final Path pidFile;

    private Watchdog(Path pidFile) {
        this.pidFile = pidFile;
    }

    static Watchdog start(Path pidFile) throws IOException {
        Watchdog watchdog = new Watchdog(pidFile);
        watchdog.forget();
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 1; done; "
                + "xargs kill -9 < '" + pidFile + "' 2>/dev/null";
        new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return watchdog;
    }

    /** The launcher's children now; the supervisor's thread calls this too, when it started one again. */
    synchronized void remember(List<Long> pids) throws IOException {
        Files.writeString(pidFile, pids.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
    }

    /** Nothing left to kill: a pid it would kill later may belong to someone else by then. */
    synchronized void forget() {
        try {
            Files.deleteIfExists(pidFile);
            Files.createFile(pidFile);
        } catch (IOException e) {
            System.out.println("[mflow] could not clear " + pidFile + ": " + e.getMessage());
        }
    }
}

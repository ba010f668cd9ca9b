package io.mflow.localrunner.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The uids a privileged runner's jobs run as ({@code first-last}, each with the gid of the same number; no passwd
 * entries needed), one per attempt whose work dir exists. A uid is free when no work dir under the runner's root
 * names it and no process on the host runs as it, so a runner that restarts, or a second runner on the host with an
 * overlapping range, does not hand out a uid that is still in use.
 */
public record JobUsers(int first, int last, String setpriv) {

    /** Where util-linux installs setpriv; the runner refuses to start privileged without one. */
    private static final List<String> SETPRIV = List.of("/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv");

    public JobUsers {
        if (first <= 0 || last < first) {
            throw new IllegalArgumentException("job users must be a range of uids above 0, got " + first + "-" + last);
        }
    }

    /**
     * The range {@code first-last}, with setpriv found on this host; throws, saying what to do, when there is none.
     */
    public static JobUsers of(String range) {
        String[] bounds = range == null ? new String[0] : range.trim().split("-");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("job users must be a range of uids like 200000-200999, got '" + range
                    + "'");
        }
        String setpriv = SETPRIV.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("LOCAL jobs of a runner running as root run as users of"
                        + " their own through setpriv (util-linux), which is not installed: install util-linux, run"
                        + " runner-service as an unprivileged user, or turn LOCAL off (mflow.runner.local.enabled="
                        + "false)"));
        return new JobUsers(Integer.parseInt(bounds[0].trim()), Integer.parseInt(bounds[1].trim()), setpriv);
    }

    /** Whether this process runs as root, whose jobs must not. */
    public static boolean runnerIsPrivileged() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The first uid of the range that is free; the caller holds the lock under which work dirs are made. */
    int free(Path root) {
        Set<Integer> taken = new HashSet<>();
        try (Stream<Path> dirs = Files.exists(root) ? Files.list(root) : Stream.empty()) {
            dirs.forEach(dir -> new WorkDir(dir).uid().ifPresent(taken::add));
        } catch (IOException e) {
            throw new IllegalStateException("the work dirs in " + root + " could not be listed", e);
        }
        taken.addAll(processOwners());
        for (int uid = first; uid <= last; uid++) {
            if (!taken.contains(uid)) {
                return uid;
            }
        }
        throw new IllegalStateException("all " + (last - first + 1) + " job users (" + first + "-" + last
                + ") are in use: give mflow.runner.local.job-users a larger range");
    }

    private static Set<Integer> processOwners() {
        Set<Integer> owners = new HashSet<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> owner(p).ifPresent(owners::add));
        } catch (IOException e) {
            // no /proc: the work dirs alone say which uids are taken
        }
        return owners;
    }

    /** A zombie runs nothing and may never be reaped where pid 1 does not reap: it holds no uid. */
    static Optional<Integer> owner(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            if (stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z")) {
                return Optional.empty();
            }
            return Optional.of((Integer) Files.getAttribute(process, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /**
     * Kills every process running as {@code uid}, also those a job moved out of its process group ({@code setsid},
     * double forks): {@code kill -KILL -1} as that user reaches exactly its own processes.
     */
    void killAllOf(int uid) {
        for (int round = 0; round < 2; round++) {
            try {
                new ProcessBuilder(setpriv, "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--no-new-privs",
                        "/bin/kill", "-KILL", "--", "-1")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the processes of job user " + uid + " could not be killed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

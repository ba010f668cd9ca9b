package io.mflow.localrunner.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The directory of one attempt. It is the source of truth about the job's process, written by the wrapper script:
 * {@code claim} (created exclusively, so the job runs once however often it is started; earlier versions made it a
 * directory), {@code pid}, {@code log}, {@code output} ({@code $MFLOW_OUTPUT}) and {@code exit}. The layout is
 * public: a runner reads the work dirs a previous one left (runner-service's recovery test lays them out as a killed
 * runner did).
 *
 * <p>A job that runs as a user of its own ({@link #prepareAs}) finds its dir owned by the runner and open to it only
 * to pass through: the scripts, {@code claim}, {@code pid}, {@code exit} and {@code log} are the runner's, and the
 * job owns only {@code job.sh}, {@code output} and {@code work/} (its working and home directory), so it can neither
 * forge the pid the runner signals nor read another job's files.
 */
public record WorkDir(Path path) {

    public static WorkDir of(Path root, String attemptId) {
        return new WorkDir(root.resolve(sanitised(attemptId)));
    }

    /** Safe as a file name; the hash keeps apart two attempt ids that sanitise alike ("a#1", "a_1"). */
    static String sanitised(String attemptId) {
        return attemptId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Integer.toHexString(attemptId.hashCode());
    }

    Path jobScript() {
        return path.resolve("job.sh");
    }

    public Path wrapperScript() {
        return path.resolve("wrapper.sh");
    }

    public Path outputFile() {
        return path.resolve("output");
    }

    public Path logFile() {
        return path.resolve("log");
    }

    /** The working and home directory of a job that runs as a user of its own. */
    public Path home() {
        return path.resolve("work");
    }

    /** The uid the job runs as, when it runs as a user of its own. */
    public Optional<Integer> uid() {
        return read(path.resolve("uid")).flatMap(WorkDir::parseLong).map(Long::intValue);
    }

    boolean isClaimed() {
        return Files.exists(path.resolve("claim"));
    }

    public Optional<Long> pid() {
        return read(path.resolve("pid")).flatMap(WorkDir::parseLong);
    }

    Optional<Integer> exitCode() {
        return read(path.resolve("exit")).flatMap(WorkDir::parseLong).map(Long::intValue);
    }

    long outputBytes() {
        try {
            return Files.exists(outputFile()) ? Files.size(outputFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    String output() {
        return read(outputFile()).orElse("");
    }

    /** Up to {@code max} bytes of the log from {@code offset} on; empty when there are none (yet). */
    byte[] logFrom(long offset, int max) {
        return OutputFiles.read(logFile(), offset, max);
    }

    /** The end of the log, for the message of a failed job. */
    String logTail(int maxBytes) {
        return OutputFiles.tail(logFile(), maxBytes);
    }

    /** Writes the scripts, unless a wrapper has claimed the dir already (its job must not change under it). */
    public void prepare(String runnerSpec) {
        try {
            // The job's scripts, output and log are its owner's: no other account on the host reads them.
            Files.createDirectories(path, OWNER_ONLY);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
            if (isClaimed()) {
                return;
            }
            write(jobScript(), runnerSpec == null ? "" : runnerSpec);
            write(wrapperScript(), WRAPPER);
            write(outputFile(), "");
        } catch (IOException e) {
            throw new UncheckedIOException("work dir " + path + " could not be prepared", e);
        }
    }

    /**
     * Writes the scripts for a job that runs as {@code uid} (through {@code setpriv} at {@code setpriv}), unless a
     * wrapper has claimed the dir already. A dir prepared before for another uid keeps that one: its files are that
     * user's.
     */
    public void prepareAs(String runnerSpec, int uid, String setpriv) {
        try {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx--x--x"));
            if (isClaimed()) {
                return;
            }
            int owner = uid().orElse(uid);
            write(path.resolve("uid"), Integer.toString(owner));
            Files.createDirectories(home());
            ownedBy(home(), owner, "rwx------");
            write(jobScript(), runnerSpec == null ? "" : runnerSpec);
            ownedBy(jobScript(), owner, "rw-------");
            write(outputFile(), "");
            ownedBy(outputFile(), owner, "rw-------");
            // the wrapper truncates it, keeping its mode: only the runner reads the raw log
            write(logFile(), "");
            Files.setPosixFilePermissions(logFile(), PosixFilePermissions.fromString("rw-------"));
            write(wrapperScript(), WRAPPER_AS_USER.replace("@SETPRIV@", setpriv));
        } catch (IOException e) {
            throw new UncheckedIOException("work dir " + path + " could not be prepared", e);
        }
    }

    private static void ownedBy(Path file, int uid, String permissions) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        Files.setAttribute(file, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    /** The raw, unmasked output is gone once its masked copy is published: only the end marks stay. */
    public void discardOutput() {
        try {
            Files.deleteIfExists(logFile());
            Files.deleteIfExists(outputFile());
        } catch (IOException e) {
            throw new UncheckedIOException("the output in " + path + " could not be deleted", e);
        }
    }

    /** Deletes the dir and all the job left in it, following no link it made. */
    public void delete() {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("work dir " + path + " could not be deleted", e);
        }
    }

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Run as {@code setsid /bin/sh wrapper.sh}, so it leads its own process group (killed as a whole on cancel) and
     * outlives the runner. Creating {@code claim} with noclobber (O_EXCL) is the claim: a second start of the same
     * attempt exits at once. It starts no process but the job's shell (each process costs a few milliseconds of CPU,
     * more than the engine's own work on a job), which is why the claim is a shell builtin and not a mkdir: {@code pid} and {@code exit} are written in place with one write each, and a reader takes an
     * empty file for one not written yet.
     */
    static final String WRAPPER = """
            case $0 in */*) W=${0%/*} ;; *) W=$PWD ;; esac
            set -C
            true 2>/dev/null > "$W/claim" || exit 0
            set +C
            echo $$ > "$W/pid"
            /bin/sh "$W/job.sh" > "$W/log" 2>&1 < /dev/null
            echo $? > "$W/exit"
            exit 0
            """;

    /**
     * As {@link #WRAPPER}, run by the privileged runner, which keeps {@code pid}, {@code exit} and {@code log} (0600,
     * made before and opened before the switch; the job keeps its usual umask): only the job's shell runs as its uid, in {@code work/}, without groups and unable to
     * gain privileges.
     */
    static final String WRAPPER_AS_USER = """
            case $0 in */*) W=${0%/*} ;; *) W=$PWD ;; esac
            set -C
            true 2>/dev/null > "$W/claim" || exit 0
            set +C
            echo $$ > "$W/pid"
            read U < "$W/uid"
            cd "$W/work" && @SETPRIV@ --reuid="$U" --regid="$U" --clear-groups --no-new-privs \
              /bin/sh "$W/job.sh" > "$W/log" 2>&1 < /dev/null
            echo $? > "$W/exit"
            exit 0
            """;
}

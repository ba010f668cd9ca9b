package io.mflow.localrunner.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
}

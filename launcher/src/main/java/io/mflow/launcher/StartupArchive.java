package io.mflow.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service's classes as the JVM keeps them after a start: a class-data-sharing archive (AppCDS) of everything a start
 * loads, written by a training start at build time ({@link TrainStartup}) and mapped by every later start instead of
 * reading, parsing and verifying those classes again. On two cores shared by every JVM of the engine this more than
 * halves a service's start.
 *
 * <p>CDS needs classes on a plain class path, so the service runs from its jar extracted by Spring Boot's
 * {@code jarmode=tools} (the application jar and {@code lib/}) under {@code target/startup/}. The archive is used only
 * when it is newer than the service's jar and was written by this very JVM; otherwise the service starts from its jar
 * as it always did, only slower.
 */
final class StartupArchive {

    private static final String DIR = "startup";
    private static final String LAUNCHER_JAR = "mflow-launcher.jar";

    private final Path fatJar;
    private final Path dir;
    private final String module;
    /** What besides the JVM an archive belongs to: the class path it was written with. */
    private final String classPath;

    StartupArchive(Path home, String module) {
        this(home.resolve(module).resolve("target").resolve(module + ".jar"), module, "");
    }

    private StartupArchive(Path builtFrom, String module, String classPath) {
        this.module = module;
        this.fatJar = builtFrom;
        this.dir = builtFrom.getParent().resolve(DIR);
        this.classPath = classPath;
    }

    /**
     * The broker's archive, for brokers started on {@code classPath}: only the launcher's own jar (its {@code lib/} in
     * the manifest), as the README, the benchmarks and {@link TrainStartup} start it; a test's class path gets none.
     */
    static java.util.Optional<StartupArchive> ofBroker(String classPath) {
        Path jar = Path.of(classPath);
        if (classPath.contains(java.io.File.pathSeparator) || !jar.getFileName().toString().equals(LAUNCHER_JAR)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new StartupArchive(jar, "kafka", classPath));
    }

    /**
     * The options of a JVM started on the class path this archive belongs to: writing the archive as it exits when
     * {@code training}, mapping it when it is usable, else none.
     */
    List<String> classPathOptions(boolean training) throws IOException {
        if (training) {
            Files.createDirectories(dir);
            return writing();
        }
        return usable() ? mapping() : List.of();
    }

    /** Maps the archive; -Xshare:auto: one the JVM refuses after all (a changed class path) costs speed, never the start. */
    private List<String> mapping() {
        return List.of("-XX:SharedArchiveFile=" + archive(), "-Xshare:auto", "-Xlog:cds*=off");
    }

    /** Writes what the JVM loaded to a new archive as it exits; {@link #keepTrained} keeps it. */
    private List<String> writing() throws IOException {
        Files.deleteIfExists(newArchive());
        return List.of("-XX:ArchiveClassesAtExit=" + newArchive(), "-Xlog:cds*=off");
    }

    /** How a service starts: from its archive when a fresh one is there, else from its jar. */
    List<String> command(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Engine.javaBinary());
        command.addAll(jvmOptions);
        if (usable()) {
            command.addAll(mapping());
            command.addAll(List.of("-jar", extractedJar().toString()));
        } else {
            command.addAll(List.of("-jar", fatJar.toString()));
        }
        return command;
    }

    /** A training start: from the extracted jar, writing what it loaded to a new archive when it exits. */
    List<String> trainingCommand(List<String> jvmOptions) throws IOException, InterruptedException {
        extract();
        List<String> command = new ArrayList<>();
        command.add(Engine.javaBinary());
        command.addAll(jvmOptions);
        command.addAll(writing());
        command.addAll(List.of("-jar", extractedJar().toString()));
        return command;
    }

    /**
     * Keeps what a training start wrote, once it has exited.
     *
     * @return whether there was an archive to keep
     */
    boolean keepTrained() throws IOException {
        if (!Files.isRegularFile(newArchive()) || Files.size(newArchive()) == 0) {
            return false;
        }
        Files.move(newArchive(), archive(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(stamp(), identity());
        return true;
    }

    /** An archive newer than the jar, written by this JVM, beside the jar it was written for. */
    boolean usable() {
        try {
            boolean runsFromJar = classPath.isEmpty();
            return Files.isRegularFile(archive()) && Files.isRegularFile(stamp())
                    && Files.readString(stamp()).equals(identity()) && newer(archive(), fatJar)
                    && (!runsFromJar || (Files.isRegularFile(extractedJar()) && newer(extractedJar(), fatJar)));
        } catch (IOException e) {
            return false;
        }
    }

    String module() {
        return module;
    }

    Path archive() {
        return dir.resolve(module + ".jsa");
    }

    private Path newArchive() {
        return dir.resolve(module + ".jsa.new");
    }

    private Path extractedJar() {
        return dir.resolve(module).resolve(module + ".jar");
    }

    private Path stamp() {
        return dir.resolve(module + ".jvm");
    }

    private void extract() throws IOException, InterruptedException {
        if (Files.isRegularFile(extractedJar()) && newer(extractedJar(), fatJar)) {
            return;
        }
        Path destination = dir.resolve(module);
        deleteTree(destination);
        Files.createDirectories(dir);
        Process extract = new ProcessBuilder(Engine.javaBinary(), "-Djarmode=tools", "-jar", fatJar.toString(),
                "extract", "--destination", destination.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(module + "-extract.log").toFile()).start();
        if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
            extract.destroyForcibly();
            throw new IOException("extracting " + fatJar + " failed; see " + dir.resolve(module + "-extract.log"));
        }
        // what was extracted counts from now: the archive must be newer than it, and it than the jar
        Files.setLastModifiedTime(extractedJar(), FileTime.fromMillis(System.currentTimeMillis()));
    }

    private static boolean newer(Path file, Path than) throws IOException {
        return !Files.getLastModifiedTime(file).toInstant().isBefore(Files.getLastModifiedTime(than).toInstant());
    }

    /** The JVM (and class path) an archive belongs to: another one maps none of it. */
    private String identity() {
        return System.getProperty("java.home") + " " + System.getProperty("java.vm.version")
                + (classPath.isEmpty() ? "" : " " + classPath);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

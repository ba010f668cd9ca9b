package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service starts from its startup archive only when the archive surely belongs to its jar and to this JVM. */
class StartupArchiveTest {

    @TempDir
    Path home;
    private Path fatJar;
    private Path startup;

    @BeforeEach
    void aBuiltService() throws IOException {
        Path target = Files.createDirectories(home.resolve("task-service").resolve("target"));
        fatJar = Files.writeString(target.resolve("task-service.jar"), "jar");
        startup = target.resolve("startup");
        age(fatJar, 3600);
    }

    @Test
    void withoutAnArchiveAServiceStartsFromItsJarAsBefore() {
        StartupArchive archive = new StartupArchive(home, "task-service");

        assertThat(archive.usable()).isFalse();
        assertThat(archive.command(List.of("-Xmx512m"))).endsWith("-Xmx512m", "-jar", fatJar.toString());
    }

    @Test
    void aTrainedArchiveIsMappedAndTheExtractedJarRun() throws IOException {
        StartupArchive archive = trained();

        assertThat(archive.usable()).isTrue();
        assertThat(archive.command(List.of("-Xmx512m"))).contains("-XX:SharedArchiveFile=" + archive.archive(),
                "-Xshare:auto").endsWith("-jar", startup.resolve("task-service").resolve("task-service.jar").toString());
    }

    @Test
    void aJarBuiltAfterTheArchiveStartsWithoutIt() throws IOException {
        StartupArchive archive = trained();

        Files.setLastModifiedTime(fatJar, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(archive.usable()).isFalse();
        assertThat(archive.command(List.of())).endsWith("-jar", fatJar.toString());
    }

    @Test
    void anArchiveOfAnotherJvmIsNotUsed() throws IOException {
        StartupArchive archive = trained();

        Files.writeString(startup.resolve("task-service.jvm"), "/opt/other-jdk 25+36");

        assertThat(archive.usable()).isFalse();
    }

    @Test
    void aTrainingThatWroteNothingKeepsNothing() throws IOException {
        StartupArchive archive = new StartupArchive(home, "task-service");

        assertThat(archive.keepTrained()).isFalse();
        assertThat(archive.usable()).isFalse();
    }

    @Test
    void theBrokerHasAnArchiveOnlyOnTheLaunchersOwnJarAndMapsItOnceTrained() throws IOException {
        Path launcherJar = Files.writeString(Files.createDirectories(home.resolve("launcher").resolve("target"))
                .resolve("mflow-launcher.jar"), "jar");
        age(launcherJar, 3600);
        assertThat(StartupArchive.ofBroker(launcherJar + java.io.File.pathSeparator + home.resolve("classes")))
                .as("a test's class path").isEmpty();
        StartupArchive broker = StartupArchive.ofBroker(launcherJar.toString()).orElseThrow();
        assertThat(broker.classPathOptions(false)).as("not trained yet").isEmpty();

        assertThat(broker.classPathOptions(true)).anySatisfy(option -> assertThat(option)
                .startsWith("-XX:ArchiveClassesAtExit="));
        Files.writeString(home.resolve("launcher").resolve("target").resolve("startup").resolve("kafka.jsa.new"), "c");
        assertThat(broker.keepTrained()).isTrue();

        assertThat(broker.classPathOptions(false)).contains("-XX:SharedArchiveFile=" + broker.archive(), "-Xshare:auto");
        assertThat(StartupArchive.ofBroker(home.resolve("elsewhere").resolve("mflow-launcher.jar").toString())
                .map(StartupArchive::usable)).as("another class path").contains(false);
    }

    /** What a training start leaves: the extracted jar, and the archive its JVM wrote as it exited. */
    private StartupArchive trained() throws IOException {
        Path extracted = Files.createDirectories(startup.resolve("task-service"));
        Files.writeString(extracted.resolve("task-service.jar"), "thin jar");
        Files.writeString(startup.resolve("task-service.jsa.new"), "classes");
        StartupArchive archive = new StartupArchive(home, "task-service");
        assertThat(archive.keepTrained()).isTrue();
        return archive;
    }

    private static void age(Path file, long seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(seconds)));
    }
}

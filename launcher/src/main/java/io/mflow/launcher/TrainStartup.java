package io.mflow.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The build's last step: starts the embedded engine once, on ports of its own and a throw-away data directory, with
 * every service writing what its start loaded to its {@link StartupArchive} as it stops. Every later start of the
 * engine maps those classes instead of loading them. It never fails the build: without archives the engine starts as
 * before, only slower. {@code -Dmflow.startup.skip=true} (a Maven property) leaves it out.
 */
public final class TrainStartup {

    /** Away from the README's ports, the benchmarks' (+20000) and every test's. */
    static final int PORT_OFFSET = 2_000;

    private TrainStartup() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("mflow.home", ".")).toAbsolutePath().normalize();
        java.util.List<StartupArchive> archives = new java.util.ArrayList<>();
        StartupArchive.ofBroker(KafkaBroker.absoluteClassPath()).ifPresent(archives::add);
        for (Service service : Service.values()) {
            archives.add(new StartupArchive(home, service.module()));
        }
        if (archives.stream().allMatch(StartupArchive::usable)) {
            System.out.println("[mflow] startup archives are up to date with the services' jars");
            return;
        }
        Path dataDir = Files.createTempDirectory("mflow-startup-training");
        Instant began = Instant.now();
        Engine engine = null;
        try {
            engine = Engine.start(EngineSettings.defaults(home).shifted(PORT_OFFSET, dataDir), true);
            System.out.printf("[mflow] engine started for the startup archives in %d s; stopping it to write them%n",
                    Duration.between(began, Instant.now()).toSeconds());
        } catch (Exception | Error e) {
            System.out.println("[mflow] no startup archives written (the engine starts without them, only slower): "
                    + e);
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        for (StartupArchive archive : archives) {
            boolean kept = engine != null && archive.keepTrained();
            System.out.printf("[mflow] %s: %s%n", archive.module(),
                    kept ? "startup archive " + archive.archive() + " (" + Files.size(archive.archive()) / (1024 * 1024)
                            + " MB)" : "no startup archive");
        }
        try {
            StartupArchive.deleteTree(dataDir);
        } catch (java.io.IOException e) {
            System.out.println("[mflow] " + dataDir + " left behind: " + e);
        }
        System.out.printf("[mflow] startup training took %d s%n", Duration.between(began, Instant.now()).toSeconds());
    }
}

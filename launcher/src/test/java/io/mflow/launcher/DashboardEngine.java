package io.mflow.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One whole engine for every browser and command-line test class that extends with it: starting one takes most of
 * a minute on two cores, so the classes share it, each with runs of its own, and it stops when the last test of the
 * JVM has run. Its ports are shifted by {@code mflow.dashboard.offset} (13000), away from every other test engine.
 */
final class DashboardEngine implements BeforeAllCallback {

    private static final String KEY = DashboardEngine.class.getName();
    private static volatile Running running;

    /** The engine and its first admin's client; started by the first class that needs it. */
    record Running(Engine engine, MflowClient admin) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            engine.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, key -> start(), Running.class);
    }

    static Engine engine() {
        return running.engine();
    }

    static MflowClient admin() {
        return running.admin();
    }

    private static Running start() {
        try {
            Path dir = Files.createTempDirectory("mflow-dashboard");
            // run by root, the engine runs LOCAL jobs as users of their own: they write their ledgers here
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            int offset = Integer.getInteger("mflow.dashboard.offset", 13_000);
            Engine engine = Engine.start(EngineSettings.defaults(home()).shifted(offset, dir.resolve("data")));
            return new Running(engine, new MflowClient(engine.baseUri(Service.TASK), engine.adminToken()));
        } catch (Exception e) {
            throw new IllegalStateException("the dashboard tests' engine did not start", e);
        }
    }

    static Path home() {
        return Path.of(System.getProperty("mflow.home", "..")).toAbsolutePath().normalize();
    }
}

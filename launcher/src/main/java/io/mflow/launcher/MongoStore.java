package io.mflow.launcher;

import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Files;
import java.nio.file.Path;

/** The MongoDB-compatible store (mongo-java-server, H2 file backend), in the launcher's own JVM. */
final class MongoStore implements AutoCloseable {

    private final MongoServer server;

    private MongoStore(MongoServer server) {
        this.server = server;
    }

    static MongoStore start(Path dataDir, int port, BindAddress bind) throws Exception {
        Files.createDirectories(dataDir);
        // No oplog: nothing uses change streams, and it would double every write and grow without bound.
        DurableH2Backend backend = new DurableH2Backend(dataDir.resolve("mflow.mv").toString());
        MongoServer server = new MongoServer(backend);
        server.bind(bind.address(), port);
        return new MongoStore(server);
    }

    /** Where the launcher and the services connect: always over loopback, whatever the store binds to. */
    String uri() {
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    @Override
    public void close() {
        server.shutdown();
    }
}

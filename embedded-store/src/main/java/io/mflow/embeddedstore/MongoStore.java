package io.mflow.embeddedstore;

import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The MongoDB-compatible store (mongo-java-server, H2 file backend) in the JVM that starts it: the launcher's, or a
 * test's.
 */
public final class MongoStore implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    /**
     * A connection is served by one event-loop thread, which waits there for the commit of each write. With netty's
     * default (two threads per core) connections share threads, and a read, or a write that could have joined the
     * running commit, waits behind another connection's commit; these threads mostly wait, so many cost little.
     */
    private static final int CONNECTION_THREADS = 32;
    private static final long COMPACTION_INTERVAL_SECONDS = 10;
    private static final Duration RETENTION = Duration.ofSeconds(10);

    private final MongoServer server;
    private final DurableH2Backend backend;
    private final ScheduledExecutorService compaction;
    private final StoreUser user;

    private MongoStore(MongoServer server, DurableH2Backend backend, ScheduledExecutorService compaction,
                       StoreUser user) {
        this.server = server;
        this.backend = backend;
        this.compaction = compaction;
        this.user = user;
    }

    /** On 127.0.0.1; port 0 picks a free one. */
    public static MongoStore start(Path dataDir, int port) throws Exception {
        return start(dataDir, port, LOOPBACK);
    }

    /** On {@code bindAddress}: 127.0.0.1, or 0.0.0.0 for other machines to reach it too; {@link #uri()} is loopback. */
    public static MongoStore start(Path dataDir, int port, String bindAddress) throws Exception {
        return start(dataDir, port, bindAddress, RETENTION);
    }

    /**
     * Reachable by {@code user} alone: a connection must authenticate (SCRAM-SHA-256, in the {@code admin}
     * database) before any command but a greeting; {@link #clientUri()} carries the credentials.
     */
    public static MongoStore start(Path dataDir, int port, String bindAddress, StoreUser user) throws Exception {
        return start(dataDir, port, bindAddress, RETENTION, user);
    }

    /** With how long a dead chunk's space is kept before it is reused (see {@link DurableH2Backend#open}). */
    static MongoStore start(Path dataDir, int port, String bindAddress, Duration retention) throws Exception {
        return start(dataDir, port, bindAddress, retention, null);
    }

    private static MongoStore start(Path dataDir, int port, String bindAddress, Duration retention, StoreUser user)
            throws Exception {
        Files.createDirectories(dataDir);
        // No oplog: nothing uses change streams, and it would double every write and grow without bound.
        DurableH2Backend backend = DurableH2Backend.open(dataDir.resolve("mflow.mv"), retention, user);
        MongoServer server = new MongoServer(backend);
        server.bind(new InetSocketAddress(bindAddress, port), 0, CONNECTION_THREADS);
        ScheduledExecutorService compaction = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mflow-store-compaction");
            thread.setDaemon(true);
            return thread;
        });
        MongoStore store = new MongoStore(server, backend, compaction, user);
        compaction.scheduleWithFixedDelay(store::compactQuietly, COMPACTION_INTERVAL_SECONDS,
                COMPACTION_INTERVAL_SECONDS, TimeUnit.SECONDS);
        return store;
    }

    /**
     * Where the store is: always loopback, whatever it binds to. Without credentials: what may be shown, and all a
     * client needs when the store was started without a user.
     */
    public String uri() {
        return "mongodb://" + LOOPBACK + ":" + server.getLocalAddress().getPort();
    }

    /**
     * Where the launcher and the services connect, with the user's credentials when the store has one. It holds the
     * password: hand it over in the environment, never on a command line, never in a log.
     */
    public String clientUri() {
        return user == null ? uri() : user.uri(LOOPBACK, server.getLocalAddress().getPort());
    }

    /** A round of what the compaction thread does every few seconds, now. */
    void compact() {
        backend.compact();
    }

    private void compactQuietly() {
        try {
            compact();
        } catch (RuntimeException e) {
            // a failed round leaves the file as it was; an exception here would cancel every later round
            System.out.println("[mflow] compacting the store failed: " + e);
        }
    }

    @Override
    public void close() {
        // not shutdownNow: an interrupt in the middle of file I/O closes MVStore's file channel
        compaction.shutdown();
        try {
            compaction.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdown();
    }
}

package io.mflow.embeddedstore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * mongo-java-server's H2 backend (one MVStore file), made durable and fast enough for the services:
 * <ul>
 * <li>The reply to a write leaves only after a commit that includes the write has been written to the file, so an
 * acknowledged write survives a kill of the process (the OS keeps what was written; nothing is fsynced). Writers that
 * arrive together share a commit ({@link GroupCommit}). MVStore's own background thread is off: its commits write
 * asynchronously, and a commit called while one is in flight finds nothing left to save and returns before the data is
 * in the file.
 * <li>Filters with an equality on {@code _id} use the {@code _id} index ({@link IdLookupCollection}).
 * <li>The file stays near the size of the live data: see {@link #open} and {@link #compact}.
 * </ul>
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that change no data; any other command, even one unknown here, is committed before its reply. */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "collstats", "dbstats", "validate", "buildinfo", "ismaster", "hello",
            "ping", "serverstatus", "whatsmyuri", "killcursors", "endsessions", "getlasterror", "connectionstatus",
            "getcmdlineopts", "getfreemonitoringstatus", "getlog", "hostinfo", "currentop", "replsetgetstatus",
            "getparameter");
    private static final List<String> WRITING_STAGES = List.of("$out", "$merge");

    /**
     * Chunks less full than this are rewritten, up to this many bytes a round; when less of the file than that is in
     * use, chunks are moved to its front, up to that many bytes, and the file is truncated. Both steps hold the
     * store's lock, which commits wait for: a round took 20-200 ms after 5 s of writes as fast as 4 clients could.
     */
    private static final int REWRITE_BELOW_FILL_RATE = 50;
    private static final int REWRITE_BYTES = 4 << 20;
    private static final int MOVE_BELOW_FILL_RATE = 70;
    private static final long MOVE_BYTES = 4 << 20;

    /**
     * Pages read back from the file are decoded again, which a page cache spares. MVStore's default, 16 MB, held less
     * than the documents of a thousand runs: a sixth of the store's CPU went to reading pages back.
     */
    private static final int CACHE_MB = 64;

    /** The names of the unique indexes whose maps are ordered by {@link KeyValueType}. */
    private static final String VALUE_ORDERED = "mflow.value-ordered-indexes";

    private final GroupCommit commits;
    /** Null: every connection may do anything (a store no one else can reach: tests). */
    private final StoreAuthentication authentication;

    private DurableH2Backend(MVStore store, StoreAuthentication authentication) {
        super(store);
        this.commits = new GroupCommit(store::commit);
        this.authentication = authentication;
    }

    /**
     * A dead chunk's space is reused once {@code retention} has passed since it died. MVStore's default, 45 s, lets
     * the file grow by 45 s of commits (about 20 KB each) under steady writes: hundreds of megabytes. None at all is
     * not safe here: only queries pin the version they read ({@link IdLookupCollection}), and a read on another path
     * (listing databases, say) then met a chunk compaction had already freed ("Chunk not found"). A few seconds
     * covers any such read, and keeps the file within a few seconds of writes of its live size. No old versions are
     * kept in memory either: nothing reads one, and while they are kept their chunks cannot be freed.
     */
    static DurableH2Backend open(Path file, Duration retention) {
        return open(file, retention, null);
    }

    /** With {@code user}: only a connection that authenticated as it may read or write (see {@link StoreAuthentication}). */
    static DurableH2Backend open(Path file, Duration retention, StoreUser user) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(CACHE_MB).open();
        store.setRetentionTime((int) retention.toMillis());
        store.setVersionsToKeep(0);
        return new DurableH2Backend(store, user == null ? null : new StoreAuthentication(user));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (authentication != null) {
            Document authenticating = authentication.intercept(channel, database, command, query);
            if (authenticating != null) {
                return authenticating;
            }
        }
        if (changesNothing(command, query)) {
            Document reply = super.handleCommand(channel, database, command, query);
            if (authentication != null) {
                authentication.advertise(command, query, reply);
            }
            return reply;
        }
        try {
            return super.handleCommand(channel, database, command, query);
        } finally {
            // Also after a failed command: part of it (some documents of a multi-update) may have been applied.
            commits.awaitCommitted();
        }
    }

    /** A query of the old wire protocol (OP_QUERY) on a collection, which no driver of today sends. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        if (authentication != null && !authentication.isAuthenticated(query.getChannel())) {
            throw StoreAuthentication.unauthorized("query");
        }
        return super.handleQuery(query);
    }

    private static boolean changesNothing(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return !(query.get("pipeline") instanceof List<?> stages) || stages.stream().noneMatch(
                    stage -> stage instanceof Document d && WRITING_STAGES.stream().anyMatch(d::containsKey));
        }
        return READS.contains(name);
    }

    /**
     * One round of compaction, which MongoStore runs every few seconds (MVStore's background thread, which would, is
     * off). Updates leave many chunks with a few live pages each: those are rewritten into new chunks, which makes the
     * old ones dead and their space free. Free space is reused, but only moving the last chunks into it lets the file
     * shrink.
     */
    void compact() {
        MVStore store = getMvStore();
        if (store.compact(REWRITE_BELOW_FILL_RATE, REWRITE_BYTES)) {
            commits.awaitCommitted(); // the rewritten pages are a change like any other
        }
        if (store.getFileStore() instanceof RandomAccessStore file) {
            file.compactMoveChunks(MOVE_BELOW_FILL_RATE, MOVE_BYTES, store);
        }
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /**
     * Inner, not nested: H2Database's constructor opens the existing collections through
     * {@link #openOrCreateCollection} before a subclass could set a field of its own, but the reference to the
     * enclosing backend, and so its store, is set before the super constructor runs.
     */
    private final class Database extends H2Database {

        Database(String name) {
            super(name, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            // the map names H2Database gives them, so a file written before is read as it was
            MVMap<Object, Document> dataMap = store.openMap("databases." + namespace,
                    new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
            MVMap<String, Object> metaMap = store.openMap("meta." + namespace);
            return new IdLookupCollection(this, collectionName, options, dataMap, metaMap, cursorRegistry, store);
        }

        /**
         * Opens the index's map with {@link KeyValueType} before H2Database opens it by name (and so gets this map).
         * A map written with the default type is in another order: it is emptied once, and the collection fills an
         * empty index from its documents when the index is added to it.
         */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            MVStore store = getMvStore();
            // the name H2Database gives it
            String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            MVMap<Object, Object> index = store.openMap(mapName,
                    new MVMap.Builder<Object, Object>().keyType(new KeyValueType()));
            MVMap<String, Boolean> valueOrdered = store.openMap(VALUE_ORDERED);
            if (!Boolean.TRUE.equals(valueOrdered.get(mapName))) {
                index.clear();
                valueOrdered.put(mapName, true);
            }
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }
    }
}

package io.mflow.embeddedstore;

import java.nio.file.Path;

/**
 * The embedded store alone in a JVM, for a test to kill. It compacts over and over, so that a kill also lands in the
 * middle of a compaction.
 *
 * <p>Arguments: the data dir and the port.
 */
final class StoreProcess {

    private StoreProcess() {
    }

    public static void main(String[] args) throws Exception {
        MongoStore store = MongoStore.start(Path.of(args[0]), Integer.parseInt(args[1]));
        while (true) {
            store.compact();
            Thread.sleep(20);
        }
    }
}

package io.mflow.launcher;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;

/**
 * The H2 backend commits its MVStore only about once a second, so a killed engine would lose writes it had already
 * acknowledged (an outbox entry, a job task's new stage). Committing after each write hands the change to the OS
 * before the reply, which survives a crash of the process.
 */
final class DurableH2Backend extends H2Backend {

    DurableH2Backend(String file) {
        super(file);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document reply = super.handleMessage(message);
        commitIfChanged();
        return reply;
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document reply = super.handleCommand(channel, database, command, query);
        commitIfChanged();
        return reply;
    }

    private void commitIfChanged() {
        if (getMvStore().hasUnsavedChanges()) {
            commit();
        }
    }
}

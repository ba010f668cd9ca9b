package io.mflow.platform.outbox;

import java.util.List;

/** The relay's door for writers: told of each write's records, so they go out now rather than at the next sweep. */
@FunctionalInterface
public interface Relay {

    /**
     * @param owner         the document whose outbox the write appended to, as its {@link OutboxStore} names it
     * @param versionBefore the document's version the write replaced, or {@link OutboxRelay#CREATED}
     * @param versionAfter  the version the write stored
     */
    void stored(String owner, long versionBefore, long versionAfter, List<OutboxRecord> records);
}

package io.mflow.task.app;

import io.mflow.task.domain.TriggerRecord;
import java.util.Optional;

/** What providers delivered, one record per delivery (its id derived from the provider's delivery id). */
public interface TriggerRecords {

    /** @return false when a record with its id exists already: the same delivery came again */
    boolean add(TriggerRecord record);

    Optional<TriggerRecord> byId(String id);

    /** Stores the record's stage and builds as they are now. */
    void update(TriggerRecord record);

    /** Newest first; a null filter does not filter. */
    default Page<TriggerRecord> page(int page, int size, String buildConfigId, TriggerRecord.Stage stage) {
        return page(page, size, buildConfigId, stage, null);
    }

    /**
     * The same, and with {@code buildStage}: only records a build of which (of {@code buildConfigId}, when given) is
     * at that stage now, as its run says.
     */
    Page<TriggerRecord> page(int page, int size, String buildConfigId, TriggerRecord.Stage stage,
                             TriggerRecord.BuildStage buildStage);
}

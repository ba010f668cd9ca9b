package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.GitEvent;
import io.mflow.task.domain.GitProvider;
import io.mflow.task.domain.TriggerRecord;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;

/** A trigger record as stored; {@code createdAt} is when it was received (the lists sort by it). */
record TriggerRecordDocument(@Id String id, String provider, String eventName, String event, String deliveryId,
                             Instant createdAt, String repository, String ref, String commit, String user,
                             boolean dryRun, String stage, List<BuildDocument> builds,
                             String instance, String userAgent) {

    record BuildDocument(String buildConfigId, String pipelineTaskId, boolean started, String error) {
    }

    static TriggerRecordDocument of(TriggerRecord record) {
        return new TriggerRecordDocument(record.id(), record.provider().name(), record.eventName(),
                record.event() == null ? null : record.event().name(), record.deliveryId(), record.receivedAt(),
                record.repository(), record.ref(), record.commit(), record.user(), record.dryRun(),
                record.stage().name(), builds(record), record.instance(), record.userAgent());
    }

    static List<BuildDocument> builds(TriggerRecord record) {
        return record.builds().stream().map(b -> new BuildDocument(b.buildConfigId(), b.pipelineTaskId(),
                b.started(), b.error())).toList();
    }

    TriggerRecord toDomain() {
        return new TriggerRecord(id, GitProvider.valueOf(provider), eventName,
                event == null ? null : GitEvent.valueOf(event), deliveryId, createdAt, repository, ref, commit, user,
                dryRun, TriggerRecord.Stage.valueOf(stage), builds == null ? List.of() : builds.stream()
                        .map(b -> new TriggerRecord.Build(b.buildConfigId(), b.pipelineTaskId(), b.started(),
                                b.error())).toList(), instance, userAgent);
    }
}

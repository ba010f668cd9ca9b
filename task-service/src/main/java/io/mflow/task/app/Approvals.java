package io.mflow.task.app;

import io.mflow.task.domain.Approval;
import java.util.List;
import java.util.Optional;

/** What readers ask of the approvals; every change goes through the seam ({@code AggregateChanges}). */
public interface Approvals {

    Optional<Approval> byId(String id);

    /**
     * Newest first; {@code stage} optional; with {@code person}, only those where they are in {@code role}
     * ({@code auditor}, {@code operator} or {@code creator}).
     */
    Page<Approval> page(Approval.Stage stage, String role, String person, int page, int size);

    /** Up to {@code limit} PASSED approvals with autoRun: their run is started, or it is not noted yet. */
    List<Approval> awaitingTheirRun(int limit);

    /** Deletes it if it still is in {@code stage}; false when it moved meanwhile or is gone. */
    boolean deleteIn(String id, Approval.Stage stage);
}

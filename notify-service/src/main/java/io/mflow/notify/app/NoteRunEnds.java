package io.mflow.notify.app;

import io.mflow.notify.domain.TaskChange;
import java.time.Clock;

/**
 * Remembers when each run ended, as the changes tell it, so retention knows whose subscriptions may go; a run that
 * resumes (a failed task retried) forgets its end. One write per end or resumption, none for any other change.
 */
public class NoteRunEnds {

    private final SubscriptionHistory history;
    private final Clock clock;

    public NoteRunEnds(SubscriptionHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    public void note(TaskChange change) {
        if (change.endsRun()) {
            // when notify-service heard of it, never earlier: a change read late still counts its age from here
            history.noteEnded(change.ownerId(), clock.instant());
        } else if (change.resumesRun()) {
            history.noteResumed(change.ownerId());
        }
    }
}

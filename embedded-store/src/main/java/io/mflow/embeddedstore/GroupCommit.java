package io.mflow.embeddedstore;

/**
 * Lets writers that arrive together share one commit. A writer calls {@link #awaitCommitted()} once its change is
 * applied and returns when a commit that started after that has finished. If no commit is running, the writer runs one
 * for everything applied so far; if one is running, it may have started before the writer's change, so the writer
 * waits for it and then, unless a commit that covers it has finished meanwhile, runs the next one itself, for all who
 * queued up behind the running commit.
 */
final class GroupCommit {

    private final Runnable commit;
    private long tickets;
    private long committedUpTo;
    private boolean committing;

    GroupCommit(Runnable commit) {
        this.commit = commit;
    }

    /**
     * Returns once every change this thread applied before the call is committed. If the commit fails, the exception
     * reaches the writer that ran it, whose change is then not acknowledged; the writers waiting for it try again.
     */
    void awaitCommitted() {
        boolean interrupted = false;
        long upTo;
        synchronized (this) {
            // Taken after the change was applied: every ticket up to `upTo` below is a change made before the commit.
            long ticket = ++tickets;
            while (committing && committedUpTo < ticket) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // an acknowledged write must be committed: finish, then pass the interrupt on
                }
            }
            if (committedUpTo >= ticket) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            committing = true;
            upTo = tickets;
        }
        boolean done = false;
        try {
            commit.run();
            done = true;
        } finally {
            synchronized (this) {
                committing = false;
                if (done) {
                    committedUpTo = Math.max(committedUpTo, upTo);
                }
                notifyAll();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.mflow.runner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.platform.change.Change;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionOwnerTest {

    private static final Instant NOW = Instant.parse("2026-12-07T16:00:00Z");
    private static final Attempt ATTEMPT = new Attempt("jt-1#1", "jt-1", "pt-1", "LOCAL", "true", List.of(),
            "sealed", false);

    private static Execution runningOf(String owner) {
        return new Execution(ATTEMPT, ExecutionState.RUNNING, 42L, "/work/jt-1", owner);
    }

    @Test
    void theClaimingInstanceOwnsTheExecutionThroughEveryMove() {
        Execution claimed = Execution.claim(ATTEMPT, NOW, "runner-a").next();
        Execution running = ((Change.Moved<Execution, Report>) claimed.started(42, "/w", NOW)).next();
        Execution finished = ((Change.Moved<Execution, Report>) running.finished(Outcome.ofExit(0, "", java.util.Map.of()),
                NOW)).next();
        assertThat(List.of(claimed.owner(), running.owner(), finished.owner())).containsOnly("runner-a");
    }

    @Test
    void aTakeoverMovesTheOwnerAndAnnouncesNothing() {
        Change<Execution, Report> taken = runningOf("runner-a").takenOverBy("runner-b", "runner-a");
        assertThat(taken).isInstanceOf(Change.Moved.class);
        Change.Moved<Execution, Report> moved = (Change.Moved<Execution, Report>) taken;
        assertThat(moved.next().owner()).isEqualTo("runner-b");
        assertThat(moved.next().state()).isEqualTo(ExecutionState.RUNNING);
        assertThat(moved.events()).isEmpty();
    }

    @Test
    void aSecondSurvivorFindsTheExecutionTakenAlreadyAndIsRefused() {
        Execution takenByB = runningOf("runner-b");
        assertThat(takenByB.takenOverBy("runner-c", "runner-a")).isInstanceOf(Change.Refused.class);
    }

    @Test
    void aSettledExecutionIsNotTakenOver() {
        Execution finished = new Execution(ATTEMPT, ExecutionState.FINISHED, 42L, "/w", "runner-a");
        assertThat(finished.takenOverBy("runner-b", "runner-a")).isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void theFormerOwnerComingBackCannotReportWhatWasTakenFromIt() {
        Execution takenByB = runningOf("runner-b");
        assertThat(takenByB.ifOwnedBy("runner-a", e -> e.finished(Outcome.ofExit(0, "", java.util.Map.of()), NOW)))
                .isInstanceOf(Change.Refused.class);
        assertThat(takenByB.ifOwnedBy("runner-b", e -> e.finished(Outcome.lost(), NOW)))
                .isInstanceOf(Change.Moved.class);
    }

    @Test
    void anExecutionClaimedBeforeInstancesHadIdsIsAnyonesAndCanBeAdopted() {
        Execution unowned = runningOf(null);
        assertThat(unowned.ifOwnedBy("runner-a", e -> e.finished(Outcome.lost(), NOW)))
                .isInstanceOf(Change.Moved.class);
        assertThat(((Change.Moved<Execution, Report>) unowned.takenOverBy("runner-a", null)).next().owner())
                .isEqualTo("runner-a");
    }
}

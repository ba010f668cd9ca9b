package io.mflow.task.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.task.domain.Lane.WhenBusy;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneTest {

    private static Lane freeLane() {
        return Lane.empty("p-deploy", "prod");
    }

    private static Lane laneHeldBy(String holder, String... waiting) {
        return new Lane("p-deploy", "prod", holder, List.of(waiting), 7);
    }

    private static Lane entered(Lane lane, String runId) {
        Lane.Entry entry = lane.enter(runId, WhenBusy.QUEUE);
        return entry instanceof Lane.Holds holds ? holds.lane() : ((Lane.Queued) entry).lane();
    }

    @Test
    void theFirstRunOnAFreeLaneHoldsItAndStartsAtOnce() {
        Lane.Entry entry = freeLane().enter("pt-1", WhenBusy.QUEUE);

        assertThat(entry).isInstanceOf(Lane.Holds.class);
        assertThat(((Lane.Holds) entry).lane().holder()).isEqualTo("pt-1");
        assertThat(((Lane.Holds) entry).lane().version()).isEqualTo(1);
    }

    @Test
    void runsArrivingAtABusyLaneWaitInTheOrderTheyCame() {
        Lane lane = entered(entered(entered(freeLane(), "pt-1"), "pt-2"), "pt-3");

        assertThat(lane.holder()).isEqualTo("pt-1");
        assertThat(lane.line()).containsExactly("pt-2", "pt-3");
        assertThat(lane.positionOf("pt-2")).contains(1);
        assertThat(lane.positionOf("pt-3")).contains(2);
        assertThat(lane.positionOf("pt-1")).isEmpty();
    }

    @Test
    void aQueuedRunIsToldItsPositionOneBeingNext() {
        Lane.Entry entry = laneHeldBy("pt-1", "pt-2").enter("pt-3", WhenBusy.QUEUE);

        assertThat(entry).isInstanceOf(Lane.Queued.class);
        assertThat(((Lane.Queued) entry).position()).isEqualTo(2);
    }

    @Test
    void whenTheHolderEndsTheFirstInLineIsLetInAndTheOthersMoveUp() {
        Lane.Left left = laneHeldBy("pt-1", "pt-2", "pt-3").leave("pt-1");

        assertThat(left.letIn()).isEqualTo("pt-2");
        assertThat(left.lane().holder()).isEqualTo("pt-2");
        assertThat(left.lane().line()).containsExactly("pt-3");
        assertThat(left.lane().version()).isEqualTo(8);
    }

    @Test
    void theLastHolderToEndLeavesTheLaneFreeForTheNextArrival() {
        Lane.Left left = laneHeldBy("pt-1").leave("pt-1");

        assertThat(left.letIn()).isNull();
        assertThat(left.lane().holder()).isNull();
        assertThat(left.lane().enter("pt-9", WhenBusy.QUEUE)).isInstanceOf(Lane.Holds.class);
    }

    @Test
    void aCanceledQueuedRunLeavesTheLineWithoutLettingAnyoneIn() {
        Lane.Left left = laneHeldBy("pt-1", "pt-2", "pt-3").leave("pt-2");

        assertThat(left.letIn()).isNull();
        assertThat(left.lane().holder()).isEqualTo("pt-1");
        assertThat(left.lane().line()).containsExactly("pt-3");
        assertThat(left.lane().positionOf("pt-3")).contains(1);
    }

    @Test
    void aRunThatEndsTwiceLetsOnlyOneRunIn() {
        Lane once = laneHeldBy("pt-1", "pt-2", "pt-3").leave("pt-1").lane();
        Lane.Left again = once.leave("pt-1");

        assertThat(again.letIn()).isNull();
        assertThat(again.lane()).isSameAs(once);
    }

    @Test
    void aRunArrivingTwiceKeepsItsPlace() {
        Lane lane = laneHeldBy("pt-1", "pt-2");

        assertThat(lane.enter("pt-1", WhenBusy.QUEUE)).isEqualTo(new Lane.Holds(lane));
        assertThat(lane.enter("pt-2", WhenBusy.QUEUE)).isEqualTo(new Lane.Queued(lane, 1));
    }

    @Test
    void aPipelineThatRejectsWhenBusyRefusesTheSecondRunNamingTheOneThatRuns() {
        Lane.Entry entry = laneHeldBy("pt-1").enter("pt-2", WhenBusy.REJECT);

        assertThat(entry).isInstanceOf(Lane.Refused.class);
        assertThat(((Lane.Refused) entry).reason()).contains("prod").contains("pt-1");
    }

    @Test
    void aPipelineThatRejectsWhenBusyStillLetsARunOntoAFreeLane() {
        assertThat(freeLane().enter("pt-1", WhenBusy.REJECT)).isInstanceOf(Lane.Holds.class);
    }

    @Test
    void aRunIsHeldInItsLaneUntilItIsCompleteSoRetriesAndCancelingDoNotLetAnyoneIn() {
        for (Status stage : List.of(Status.PENDING, Status.ACTIVE, Status.CANCELING)) {
            assertThat(Lane.letsGo(stage)).as(stage.name()).isFalse();
        }
        for (Status stage : List.of(Status.SUCCEEDED, Status.FAILED, Status.CANCELED)) {
            assertThat(Lane.letsGo(stage)).as(stage.name()).isTrue();
        }
    }

    @Test
    void aFailedRunResumesOnlyWhileItsLaneIsStillFree() {
        Lane free = laneHeldBy("pt-1").leave("pt-1").lane();

        Lane.Entry resumed = free.resume("pt-1");

        assertThat(resumed).isInstanceOf(Lane.Holds.class);
        assertThat(((Lane.Holds) resumed).lane().holder()).isEqualTo("pt-1");
    }

    @Test
    void aFailedRunWhoseLaneWentOnToTheNextRunCannotResumeBesideIt() {
        Lane next = laneHeldBy("pt-1", "pt-2").leave("pt-1").lane();

        Lane.Entry resumed = next.resume("pt-1");

        assertThat(resumed).isInstanceOf(Lane.Refused.class);
        assertThat(((Lane.Refused) resumed).reason()).contains("pt-2");
    }

    @Test
    void tenRunsStartOneAfterAnotherInTheOrderTheyArrived() {
        Lane lane = freeLane();
        for (int i = 1; i <= 10; i++) {
            lane = entered(lane, "pt-" + i);
        }
        List<String> started = new java.util.ArrayList<>(List.of(lane.holder()));
        while (lane.holder() != null) {
            Lane.Left left = lane.leave(lane.holder());
            if (left.letIn() != null) {
                started.add(left.letIn());
            }
            lane = left.lane();
        }
        assertThat(started).containsExactly("pt-1", "pt-2", "pt-3", "pt-4", "pt-5", "pt-6", "pt-7", "pt-8", "pt-9",
                "pt-10");
    }
}

package io.mflow.pipeline.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.pipeline.domain.RunFact;
import io.mflow.schemas.common.Stage;
import io.mflow.schemas.event.PipelineTaskCreated;
import io.mflow.schemas.event.PipelineTaskStatusChanged;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What task-service's records about a run in a lane mean to the runs this service drives. */
class LaneFactsTest {

    private static final String KEY = "bWZsb3ctZGV2LWtleS1kby1ub3QtdXNlLWluLXByb2Q=";

    private final PipelineAvroMapping mapping = new PipelineAvroMapping(new SealedValues(KEY), new AvroSerializer());

    private static PipelineTaskStatusChanged changed(Stage from, Stage to) {
        return PipelineTaskStatusChanged.newBuilder().setEventId("pt-1:2").setPipelineTaskId("pt-1")
                .setPipelineId("pl-1").setPipelineName("deploy").setPreviousStage(from).setStage(to)
                .setMessage(null).setTriggeredBy("vera").setStartedAt(Instant.EPOCH).setOccurredAt(Instant.EPOCH).build();
    }

    @Test
    void aPlanMarkedQueuedIsPlannedHeld() {
        PipelineTaskCreated created = PipelineTaskCreated.newBuilder().setEventId("pt-1:created")
                .setPipelineTaskId("pt-1").setPipelineId("pl-1").setPipelineName("deploy").setStages(List.of())
                .setDryRun(false).setLabels(Map.of()).setWebhooks(List.of()).setMentions(List.of())
                .setContacts(Map.of()).setTriggeredBy("vera").setCreatedAt(Instant.EPOCH).setQueued(true).build();

        Optional<RunFact> fact = mapping.toFact(created);

        assertThat(fact).get().isInstanceOfSatisfying(RunFact.Planned.class, plan -> assertThat(plan.queued()).isTrue());
    }

    @Test
    void aRunThatHadNotStartedGoingActiveIsLetGo() {
        assertThat(mapping.toFact(changed(Stage.PENDING, Stage.ACTIVE))).get().isInstanceOf(RunFact.LetGo.class);
    }

    @Test
    void aRunThatHadNotStartedCanceledHasItsTasksCanceled() {
        assertThat(mapping.toFact(changed(Stage.PENDING, Stage.CANCELED))).get()
                .isInstanceOf(RunFact.CancelRequested.class);
    }

    @Test
    void aRunningRunsOwnConclusionComingBackMeansNothing() {
        assertThat(mapping.toFact(changed(Stage.ACTIVE, Stage.SUCCEEDED))).isEmpty();
        assertThat(mapping.toFact(changed(Stage.FAILED, Stage.ACTIVE))).isEmpty();
    }
}

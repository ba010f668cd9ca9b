package io.mflow.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.launcher.Service;
import io.mflow.launcher.chaos.ChaosPlan.Fault;
import io.mflow.launcher.chaos.ChaosPlan.PipelineShape;
import io.mflow.launcher.chaos.ChaosPlan.StageShape;
import io.mflow.launcher.chaos.ChaosPlan.TaskShape;
import io.mflow.launcher.chaos.ChaosPlan.Topology;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {

    @Test
    void aSeedAlwaysMakesTheSamePlanSoAFailingSeedCanBeRunAgain() {
        assertThat(ChaosPlan.of(7)).isEqualTo(ChaosPlan.of(7));
        assertThat(ChaosPlan.of(7)).isNotEqualTo(ChaosPlan.of(8));
    }

    @Test
    void fiftySeedsStrikeEveryKindOfFaultOverPipelinesThatSucceedAndFail() {
        List<ChaosPlan> plans = LongStream.rangeClosed(1, 50).mapToObj(ChaosPlan::of).toList();

        assertThat(plans).flatMap(ChaosPlan::faults).hasAtLeastOneElementOfType(ChaosPlan.Fault.KillService.class)
                .hasAtLeastOneElementOfType(ChaosPlan.Fault.CrashEngine.class);
        assertThat(plans).flatMap(ChaosPlan::pipelines).extracting(PipelineShape::expectedStage)
                .contains("SUCCEEDED", "FAILED");
    }

    @Test
    void onAClusterWithReplicasFiftySeedsAlsoKillBrokersAndReplicasOfEveryService() {
        Topology cluster = new Topology(3, Map.of(Service.TASK, 2, Service.PIPELINE, 2, Service.RUNNER, 2,
                Service.NOTIFY, 2));
        List<Fault> faults = LongStream.rangeClosed(1, 50).mapToObj(seed -> ChaosPlan.of(seed, cluster))
                .flatMap(plan -> plan.faults().stream()).toList();

        assertThat(faults).filteredOn(Fault.KillBroker.class::isInstance).extracting(f -> ((Fault.KillBroker) f).node())
                .isNotEmpty().allMatch(node -> node >= 1 && node <= 3);
        assertThat(faults).filteredOn(Fault.KillReplica.class::isInstance).map(Fault.KillReplica.class::cast)
                .allMatch(kill -> kill.index() == 1 && (!kill.withJobs() || kill.service() == Service.RUNNER))
                .extracting(Fault.KillReplica::service).contains(Service.values());
        assertThat(faults).hasAtLeastOneElementOfType(Fault.KillService.class)
                .hasAtLeastOneElementOfType(Fault.CrashEngine.class);
    }

    @Test
    void faultsStrikeOnlyWhatTheEngineHasOneBrokerAndOneInstanceOfEachService() {
        List<Fault> faults = LongStream.rangeClosed(1, 50).mapToObj(ChaosPlan::of)
                .flatMap(plan -> plan.faults().stream()).toList();

        assertThat(faults).noneMatch(fault -> fault instanceof Fault.KillBroker || fault instanceof Fault.KillReplica);
    }

    @Test
    void aRunFailsOnlyForAFailingTaskThatDoesNotIgnoreFailures() {
        TaskShape fine = new TaskShape("a", 1, false, false);
        TaskShape ignored = new TaskShape("b", 1, true, true);
        TaskShape fatal = new TaskShape("c", 1, true, false);

        assertThat(new PipelineShape(List.of(new StageShape(true, List.of(fine, ignored)))).expectedStage())
                .isEqualTo("SUCCEEDED");
        assertThat(new PipelineShape(List.of(new StageShape(false, List.of(fine)),
                new StageShape(false, List.of(fatal))))
                .expectedStage()).isEqualTo("FAILED");
    }
}

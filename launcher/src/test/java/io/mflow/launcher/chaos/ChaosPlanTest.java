package io.mflow.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.launcher.chaos.ChaosPlan.PipelineShape;
import io.mflow.launcher.chaos.ChaosPlan.StageShape;
import io.mflow.launcher.chaos.ChaosPlan.TaskShape;
import java.util.List;
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

package io.mflow.runner.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.ReportStage;
import io.mflow.platform.change.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentJobTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private static Agent agent(String name, String... tags) {
        return new Agent(name, List.of(tags), "0.1.0", 2, T0, "agents", true);
    }

    private static AgentJob waiting(String... tags) {
        return AgentJob.waiting("jt-1#1", "jt-1", List.of(tags), T0);
    }

    private static AgentJob next(Change<AgentJob, Void> change) {
        assertThat(change).isInstanceOf(Change.Moved.class);
        return ((Change.Moved<AgentJob, Void>) change).next();
    }

    /** Why the job refuses the change. */
    private static String refusal(Change<AgentJob, Void> change) {
        assertThat(change).isInstanceOf(Change.Refused.class);
        return ((Change.Refused<AgentJob, Void>) change).reason();
    }

    @Test
    void anAgentWhoseTokenAllowsNoUntaggedWorkCannotTakeAJobWithoutTags() {
        Agent linuxOnly = new Agent("linux-01", List.of("linux"), "0.1.0", 2, T0, "agents", false);

        assertThat(refusal(waiting().takenBy(linuxOnly, T0))).contains("does not carry the tags []");
        assertThat(waiting("linux").takenBy(linuxOnly, T0)).isInstanceOf(Change.Moved.class);
    }

    @Test
    void anAgentTakesOnlyAJobWhoseTagsItAllCarries() {
        assertThat(agent("a", "linux", "docker").carries(List.of("linux", "docker"))).isTrue();
        assertThat(agent("a", "linux", "docker").carries(List.of())).as("no tags: any agent").isTrue();
        assertThat(agent("b", "linux").carries(List.of("linux", "docker"))).isFalse();
        assertThat(refusal(waiting("docker").takenBy(agent("b", "linux"), T0)))
                .contains("does not carry the tags [docker]");
        assertThat(next(waiting("linux").takenBy(agent("a", "linux"), T0)).agent()).isEqualTo("a");
    }

    @Test
    void aJobIsTakenOnceAndReportedOnlyByItsAgent() {
        AgentJob taken = next(waiting().takenBy(agent("a"), T0));

        assertThat(refusal(taken.takenBy(agent("b"), T0))).contains("is TAKEN, it cannot be taken");
        assertThat(refusal(taken.startedBy("b", T0))).contains("not held by agent b");
        AgentJob ended = next(next(taken.startedBy("a", T0)).endedBy("a", Outcome.succeeded(Map.of("V", "1")),
                T0.plusSeconds(5)));
        assertThat(ended.state()).isEqualTo(AgentJob.State.ENDED);
        assertThat(ended.outcome().outputs()).containsEntry("V", "1");
    }

    @Test
    void aSilentAgentsJobEndsLostAndItsLateReportIsRefusedNotApplied() {
        Agent silent = agent("a");
        assertThat(silent.isSilentAt(T0.plusSeconds(59), Duration.ofSeconds(60))).isFalse();
        assertThat(silent.isSilentAt(T0.plusSeconds(61), Duration.ofSeconds(60))).isTrue();
        AgentJob lost = next(next(next(waiting().takenBy(silent, T0)).startedBy("a", T0))
                .lost(T0.plusSeconds(61), "agent a sent nothing"));

        assertThat(lost.state()).isEqualTo(AgentJob.State.LOST);
        assertThat(lost.outcome().stage()).isEqualTo(ReportStage.FAILED);
        assertThat(lost.outcome().executionLost()).isTrue();
        assertThat(refusal(lost.endedBy("a", Outcome.succeeded(Map.of()), T0.plusSeconds(70))))
                .contains("ended LOST (agent a sent nothing)").contains("this report is refused");
        assertThat(lost.lost(T0.plusSeconds(90), "again")).as("settled: never changes")
                .isInstanceOf(Change.Unchanged.class);
    }

    @Test
    void aCanceledJobIsNeverTaken() {
        AgentJob canceled = next(waiting().canceled(T0));

        assertThat(refusal(canceled.takenBy(agent("a"), T0))).contains("is CANCELED");
        assertThat(canceled.outcome().stage()).as("settled, with its end").isEqualTo(ReportStage.FAILED);
        assertThat(canceled.outcome().message()).isEqualTo("canceled");
        assertThat(canceled.canceled(T0.plusSeconds(1))).isInstanceOf(Change.Unchanged.class);
    }
}

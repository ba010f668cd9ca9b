package io.mflow.task.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunnerTypesTest {

    private final RunnerTypes developersWithoutLocal =
            new RunnerTypes(Map.of("DEVELOPER", List.of("K8S_JOB", "agent")), true);

    @Test
    void withoutSettingsEveryRoleDefinesEveryTypeAsBefore() {
        for (String type : RunnerTypes.ALL) {
            RunnerTypes.unrestricted().checkDefinable(type, Set.of("DEVELOPER"));
        }
    }

    @Test
    void aRoleDefinesOnlyTheTypesItIsGiven() {
        developersWithoutLocal.checkDefinable("AGENT", Set.of("DEVELOPER"));
        assertThatThrownBy(() -> developersWithoutLocal.checkDefinable("LOCAL", Set.of("DEVELOPER")))
                .isInstanceOfSatisfying(RequestRefused.class,
                        r -> assertThat(r.reason()).isEqualTo(RequestRefused.Reason.FORBIDDEN));
    }

    @Test
    void aJobWithoutATypeIsLocalAndCheckedAsSuch() {
        assertThatThrownBy(() -> developersWithoutLocal.checkDefinable(null, Set.of("DEVELOPER")))
                .isInstanceOf(RequestRefused.class);
    }

    @Test
    void aRoleNotNamedDefinesEveryType() {
        developersWithoutLocal.checkDefinable("LOCAL", Set.of("ADMIN"));
    }

    @Test
    void localTurnedOffIsRefusedAsInvalidForEveryRole() {
        assertThatThrownBy(() -> new RunnerTypes(Map.of(), false).checkDefinable("LOCAL", Set.of("ADMIN")))
                .isInstanceOfSatisfying(RequestRefused.class,
                        r -> assertThat(r.reason()).isEqualTo(RequestRefused.Reason.INVALID));
    }

    @Test
    void aSettingNamingAnUnknownTypeStopsTheStart() {
        assertThatThrownBy(() -> new RunnerTypes(Map.of("DEVELOPER", List.of("NOMAD")), true))
                .hasMessageContaining("NOMAD");
    }
}

package io.mflow.runner.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent may claim less than its token allows, never more. */
class TokenBindingTest {

    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    private static final int CAP = 16;

    private static Agent claiming(int concurrency, String... tags) {
        return new Agent("build-01", List.of(tags), "0.1.0", concurrency, T0, "agents", true);
    }

    @Test
    void anAgentCarriesOnlyTheTagsItClaimsThatItsTokenAllows() {
        TokenBinding linux = new TokenBinding(List.of("linux", "arm"), 4, false);

        Agent agent = linux.narrow(claiming(1, "linux", "docker"), CAP);

        assertThat(agent.tags()).containsExactly("linux");
        assertThat(agent.carries(List.of("linux"))).isTrue();
        assertThat(agent.carries(List.of("docker"))).as("claimed, but not allowed").isFalse();
        assertThat(agent.carries(List.of("linux", "docker"))).isFalse();
        assertThat(agent.carries(List.of("arm"))).as("allowed, but not claimed").isFalse();
    }

    @Test
    void anAgentHoldsTheLeastOfWhatItClaimsWhatItsTokenAllowsAndTheCap() {
        TokenBinding two = new TokenBinding(List.of("linux"), 2, false);

        assertThat(two.narrow(claiming(10, "linux"), CAP).concurrency()).isEqualTo(2);
        assertThat(two.narrow(claiming(1, "linux"), CAP).concurrency()).as("it may claim less").isEqualTo(1);
        assertThat(new TokenBinding(List.of(), 64, true).narrow(claiming(100), CAP).concurrency()).isEqualTo(CAP);
    }

    @Test
    void aJobWithoutTagsGoesOnlyToAnAgentWhoseTokenAllowsUntaggedWork() {
        assertThat(new TokenBinding(List.of("linux"), 4, false).narrow(claiming(1, "linux"), CAP)
                .carries(List.of())).isFalse();
        assertThat(new TokenBinding(List.of(), 4, true).narrow(claiming(1), CAP).carries(List.of())).isTrue();
    }

    @Test
    void aTokenBoundToNothingTakesNothingWhateverItsAgentClaims() {
        Agent agent = TokenBinding.NOTHING.narrow(claiming(8, "linux", "docker"), CAP);

        assertThat(agent.tags()).isEmpty();
        assertThat(agent.carries(List.of())).isFalse();
        assertThat(agent.carries(List.of("linux"))).isFalse();
    }
}

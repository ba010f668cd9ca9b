package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    private final EngineSettings defaults = EngineSettings.defaults(Path.of("/opt/mflow"));

    @Test
    void withoutOptionsTheEngineIsOneBrokerAndOneInstanceOfEachService() {
        EngineSettings settings = defaults.withOptions(new String[0], Map.of());

        assertThat(settings.brokers()).isEqualTo(1);
        for (Service service : Service.values()) {
            assertThat(settings.replicas(service)).isEqualTo(1);
        }
        assertThat(settings.kafkaPort(1)).isEqualTo(9092);
        assertThat(settings.kafkaControllerPort(1)).isEqualTo(9093);
    }

    @Test
    void replicasAreNamedByTheServicesShortOrModuleNameAndListenAHundredPortsApart() {
        EngineSettings settings = defaults.withOptions(
                new String[] {"--replicas", "pipeline=2, runner-service=3,task=2"}, Map.of());

        assertThat(settings.replicas(Service.PIPELINE)).isEqualTo(2);
        assertThat(settings.replicas(Service.RUNNER)).isEqualTo(3);
        assertThat(settings.replicas(Service.TASK)).isEqualTo(2);
        assertThat(settings.replicas(Service.NOTIFY)).isEqualTo(1);
        assertThat(settings.port(Service.RUNNER, 0)).isEqualTo(8082);
        assertThat(settings.port(Service.RUNNER, 2)).isEqualTo(8282);
    }

    @Test
    void aClusterOfThreeNodesTakesThreeConsecutivePortsEachFromTheKafkaPortOn() {
        EngineSettings settings = defaults.withOptions(new String[] {"--brokers=3"}, Map.of()).shifted(30_000,
                Path.of("/tmp/data"));

        assertThat(settings.brokers()).isEqualTo(3);
        assertThat(settings.kafkaPort(1)).isEqualTo(39092);
        assertThat(settings.kafkaControllerPort(1)).isEqualTo(39093);
        assertThat(settings.kafkaPort(2)).isEqualTo(39095);
        assertThat(settings.kafkaControllerPort(3)).isEqualTo(39099);
    }

    @Test
    void aListOnTheCommandLineReplacesTheEnvironmentsAndTheEnvironmentSaysWhatTheCommandLineDoesNot() {
        EngineSettings settings = defaults.withOptions(new String[] {"--replicas", "notify=2"},
                Map.of("MFLOW_REPLICAS", "pipeline=2,notify=3", "MFLOW_BROKERS", "3"));

        assertThat(settings.brokers()).isEqualTo(3);
        assertThat(settings.replicas(Service.NOTIFY)).isEqualTo(2);
        assertThat(settings.replicas(Service.PIPELINE)).isEqualTo(1);
    }

    @Test
    void settingsAThirdPartyCouldNotRunAreRefusedAtOnce() {
        assertThatThrownBy(() -> defaults.withOptions(new String[] {"--brokers", "2"}, Map.of()))
                .hasMessageContaining("1 or 3");
        assertThatThrownBy(() -> defaults.withOptions(new String[] {"--replicas", "scheduler=2"}, Map.of()))
                .hasMessageContaining("no service scheduler");
        assertThatThrownBy(() -> defaults.withOptions(new String[] {"--replicas", "task=0"}, Map.of()))
                .hasMessageContaining("1 to 9");
        assertThatThrownBy(() -> defaults.withOptions(new String[] {"--replicas", "task"}, Map.of()))
                .hasMessageContaining("service=count");
        assertThatThrownBy(() -> defaults.withOptions(new String[] {"--verbose"}, Map.of()))
                .hasMessageContaining("unknown option");
    }
}

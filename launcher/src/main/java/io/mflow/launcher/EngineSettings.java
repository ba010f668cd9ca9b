package io.mflow.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the engine's parts listen and keep their data.
 *
 * @param home     the repository root, where each service's jar is found under {@code <module>/target}
 * @param dataDir  Kafka's log, the store's file, the runner's work dirs, the logs and the secret key
 * @param extraEnv environment given to every service on top of the endpoints (for example a tuning knob in a test)
 */
public record EngineSettings(Path home, Path dataDir, int kafkaPort, int kafkaControllerPort, int mongoPort,
                             Map<Service, Integer> ports, Map<String, String> extraEnv) {

    /** The embedded defaults of the README: Kafka on 9092, the store on 27017, REST on 8080. */
    public static EngineSettings defaults(Path home) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, service.defaultPort());
        }
        return new EngineSettings(home, home.resolve("data"), 9092, 9093, 27017, ports, Map.of());
    }

    /** Ports shifted by an offset, so a test engine never collides with a running one. */
    public EngineSettings shifted(int offset, Path dataDir) {
        Map<Service, Integer> shifted = new EnumMap<>(Service.class);
        ports.forEach((service, port) -> shifted.put(service, port + offset));
        return new EngineSettings(home, dataDir, kafkaPort + offset, kafkaControllerPort + offset, mongoPort + offset,
                shifted, extraEnv);
    }

    public EngineSettings withEnv(Map<String, String> env) {
        return new EngineSettings(home, dataDir, kafkaPort, kafkaControllerPort, mongoPort, ports, env);
    }

    public int port(Service service) {
        return ports.get(service);
    }
}

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
 * @param replicas how many instances of each service run (1 if absent): the first on its port, the k-th further one
 *                 on its port + 100 × k
 * @param brokers  1, the one broker of old, or 3: a KRaft cluster of three broker+controller nodes, node n's client,
 *                 controller and internal listeners on {@code kafkaPort + 3(n-1)} and the two ports after it, topics
 *                 replicated thrice and written to two in-sync replicas at least
 */
public record EngineSettings(Path home, Path dataDir, int kafkaPort, int kafkaControllerPort, int mongoPort,
                             Map<Service, Integer> ports, Map<String, String> extraEnv, Map<Service, Integer> replicas,
                             int brokers) {

    /** How far apart the ports of a service's instances are: 8081, 8181, 8281 for pipeline-service. */
    public static final int REPLICA_PORT_STEP = 100;

    public EngineSettings {
        replicas = Map.copyOf(replicas);
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("brokers: 1 or 3 (a quorum of KRaft controllers), not " + brokers);
        }
        replicas.forEach((service, count) -> {
            if (count < 1 || count > 9) {
                throw new IllegalArgumentException(service.name().toLowerCase(java.util.Locale.ROOT)
                        + " replicas: 1 to 9, not " + count);
            }
        });
    }

    public EngineSettings(Path home, Path dataDir, int kafkaPort, int kafkaControllerPort, int mongoPort,
                          Map<Service, Integer> ports, Map<String, String> extraEnv) {
        this(home, dataDir, kafkaPort, kafkaControllerPort, mongoPort, ports, extraEnv, Map.of(), 1);
    }

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
                shifted, extraEnv, replicas, brokers);
    }

    public EngineSettings withEnv(Map<String, String> env) {
        return new EngineSettings(home, dataDir, kafkaPort, kafkaControllerPort, mongoPort, ports, env, replicas,
                brokers);
    }

    /** {@code count} instances of {@code service}. */
    public EngineSettings withReplicas(Service service, int count) {
        Map<Service, Integer> more = new EnumMap<>(Service.class);
        more.putAll(replicas);
        more.put(service, count);
        return new EngineSettings(home, dataDir, kafkaPort, kafkaControllerPort, mongoPort, ports, extraEnv, more,
                brokers);
    }

    public EngineSettings withBrokers(int count) {
        return new EngineSettings(home, dataDir, kafkaPort, kafkaControllerPort, mongoPort, ports, extraEnv, replicas,
                count);
    }

    /**
     * The options of the command line, {@code --replicas pipeline=2,runner=2} and {@code --brokers 3}, over the
     * environment's {@code MFLOW_REPLICAS} and {@code MFLOW_BROKERS} (same values), over these settings.
     */
    public EngineSettings withOptions(String[] args, Map<String, String> environment) {
        String replicaList = environment.get("MFLOW_REPLICAS");
        String brokerCount = environment.get("MFLOW_BROKERS");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--replicas=") || arg.startsWith("--brokers=")) {
                String value = arg.substring(arg.indexOf('=') + 1);
                if (arg.startsWith("--replicas")) {
                    replicaList = value;
                } else {
                    brokerCount = value;
                }
            } else if ((arg.equals("--replicas") || arg.equals("--brokers")) && i + 1 < args.length) {
                if (arg.equals("--replicas")) {
                    replicaList = args[++i];
                } else {
                    brokerCount = args[++i];
                }
            } else {
                throw new IllegalArgumentException("unknown option " + arg
                        + " (options: --replicas pipeline=2,runner=2,task=2,notify=2 and --brokers 1|3)");
            }
        }
        EngineSettings result = this;
        if (replicaList != null && !replicaList.isBlank()) {
            for (String item : replicaList.split(",")) {
                String[] pair = item.strip().split("=", 2);
                if (pair.length != 2) {
                    throw new IllegalArgumentException("replicas: service=count, as pipeline=2, not " + item);
                }
                result = result.withReplicas(serviceNamed(pair[0].strip()), count("replicas of " + pair[0], pair[1]));
            }
        }
        if (brokerCount != null && !brokerCount.isBlank()) {
            result = result.withBrokers(count("brokers", brokerCount));
        }
        return result;
    }

    private static Service serviceNamed(String name) {
        for (Service service : Service.values()) {
            String module = service.module();
            if (module.equals(name) || module.substring(0, module.indexOf('-')).equals(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("replicas: no service " + name + " (task, pipeline, runner, notify)");
    }

    private static int count(String what, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": a number, not " + value);
        }
    }

    /** How many instances of {@code service} run. */
    public int replicas(Service service) {
        return replicas.getOrDefault(service, 1);
    }

    /** The REST port of a service's {@code index}-th instance, 0 the first. */
    public int port(Service service, int index) {
        return port(service) + REPLICA_PORT_STEP * index;
    }

    /** Node {@code node}'s (1 to {@link #brokers}) client listener; its controller's and internal ones follow. */
    public int kafkaPort(int node) {
        return brokers == 1 ? kafkaPort : kafkaPort + 3 * (node - 1);
    }

    public int kafkaControllerPort(int node) {
        return brokers == 1 ? kafkaControllerPort : kafkaPort(node) + 1;
    }

    public int port(Service service) {
        return ports.get(service);
    }
}

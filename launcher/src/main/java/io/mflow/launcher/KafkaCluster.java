package io.mflow.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The embedded Kafka as the engine sees it: one broker ({@code data/kafka}, as ever), or a KRaft cluster of three
 * nodes, each broker and controller, under {@code data/kafka-cluster/node-<n>}, formatted once with one cluster id.
 * A data dir keeps both apart: switching between them starts the other Kafka, with its own topics.
 */
final class KafkaCluster {

    private final EngineSettings settings;
    private final Path logDir;
    private final BindAddress bind;
    private final KafkaPrincipals principals;
    private boolean training;

    KafkaCluster(EngineSettings settings, Path logDir, BindAddress bind, KafkaPrincipals principals) {
        this.settings = settings;
        this.logDir = logDir;
        this.bind = bind;
        this.principals = principals;
    }

    int size() {
        return settings.brokers();
    }

    /** The nodes' numbers, their {@code node.id}s: 1 to {@link #size}. */
    List<Integer> nodes() {
        return IntStream.rangeClosed(1, size()).boxed().toList();
    }

    /** The supervisor's name of a node's process (and its log's): {@code kafka}, or {@code kafka-<n>}. */
    String name(int node) {
        return size() == 1 ? "kafka" : "kafka-" + node;
    }

    String bootstrap() {
        return nodes().stream().map(node -> "127.0.0.1:" + settings.kafkaPort(node)).collect(Collectors.joining(","));
    }

    /** The nodes' loopback-only internal listeners, where the broker's super user is known. */
    String internalBootstrap() {
        return nodes().stream().map(node -> "127.0.0.1:" + node(node).internalPort())
                .collect(Collectors.joining(","));
    }

    /**
     * Starts a node. The one broker is waited for and granted its principals' credentials and ACLs, as ever; a node
     * of the cluster is only started: it serves once a majority of the controllers runs, so the engine starts all
     * three before it waits ({@link #awaitListening}), and one started again after a crash finds the other two.
     */
    ChildProcess launch(int node) throws Exception {
        KafkaBroker.Jvm jvm = jvm(node);
        if (size() == 1) {
            return KafkaBroker.start(dataDir(node), settings.kafkaPort(), settings.kafkaControllerPort(), logDir, bind,
                    principals, jvm);
        }
        return KafkaBroker.launch(dataDir(node), node(node), clusterId(), name(node), logDir, bind, principals, jvm);
    }

    /** A training engine's first node writes the broker's startup archive as it stops; every node maps it. */
    private KafkaBroker.Jvm jvm(int node) throws java.io.IOException {
        java.util.Optional<StartupArchive> archive = StartupArchive.ofBroker(KafkaBroker.absoluteClassPath());
        if (archive.isEmpty()) {
            return KafkaBroker.Jvm.PLAIN;
        }
        return new KafkaBroker.Jvm(archive.get().classPathOptions(training && node == 1),
                archive.get().classPathOptions(false));
    }

    /** Whether the nodes started from now on train the broker's {@link StartupArchive}. */
    void training(boolean training) {
        this.training = training;
    }

    void awaitListening(int node, ChildProcess process) throws Exception {
        KafkaBroker.awaitListening(process, node(node));
    }

    /** The credentials and ACLs, once the cluster serves: they live in its metadata, on every node. */
    void grant() throws Exception {
        KafkaBroker.grant(principals, internalBootstrap());
    }

    KafkaBroker.Node node(int node) {
        if (size() == 1) {
            return KafkaBroker.Node.alone(settings.kafkaPort(), settings.kafkaControllerPort());
        }
        String voters = nodes().stream().map(n -> n + "@127.0.0.1:" + settings.kafkaControllerPort(n))
                .collect(Collectors.joining(","));
        return new KafkaBroker.Node(node, size(), settings.kafkaPort(node), settings.kafkaControllerPort(node), voters);
    }

    private Path dataDir(int node) {
        Path kafka = settings.dataDir().resolve("kafka");
        return size() == 1 ? kafka : settings.dataDir().resolve("kafka-cluster").resolve("node-" + node);
    }

    /** Every node is formatted with the same id: made on the cluster's first start and kept. */
    private String clusterId() throws IOException {
        Path file = settings.dataDir().resolve("kafka-cluster").resolve("cluster.id");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, KafkaBroker.clusterId());
        }
        return Files.readString(file).strip();
    }

    List<String> names() {
        List<String> names = new ArrayList<>();
        nodes().forEach(node -> names.add(name(node)));
        return names;
    }
}

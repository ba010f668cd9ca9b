package io.mflow.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * A real Apache Kafka broker (KRaft, one node that is broker and controller) in its own JVM, its log under
 * {@code data/kafka}; or one node of a cluster of such nodes ({@link Node}, {@link KafkaCluster}). The class path is
 * the launcher's own, which carries the broker's jars.
 */
final class KafkaBroker {

    private KafkaBroker() {
    }

    /**
     * Starts the broker, waits until it listens and grants its principals what {@link KafkaAcls} lists. Clients
     * authenticate with SASL/SCRAM on the listener bound to {@code bind}; the broker's own super user
     * ({@link KafkaPrincipals#ADMIN}, SASL/PLAIN) is known only on the controller's listener and an internal one, both
     * on 127.0.0.1 ({@code controllerPort}, {@code controllerPort + 1}). On the clients' listener SASL/PLAIN knows the
     * outsiders alone ({@link KafkaPrincipals#REPORTER}, {@link KafkaPrincipals#READER}): librdkafka before 2.6.1
     * cannot do SCRAM with Kafka 4, and the services' passwords must never cross the network in clear. The config
     * holds passwords, so it is its owner's only. Credentials and ACLs are made again on every start (both idempotent), so a data dir from a
     * launcher before authentication, or one that lacks a newer principal, is brought up to date.
     */
    static ChildProcess start(Path dataDir, int port, int controllerPort, Path logDir, BindAddress bind,
                              KafkaPrincipals principals) throws Exception {
        return start(dataDir, port, controllerPort, logDir, bind, principals, Jvm.PLAIN);
    }

    static ChildProcess start(Path dataDir, int port, int controllerPort, Path logDir, BindAddress bind,
                              KafkaPrincipals principals, Jvm jvm) throws Exception {
        Node node = Node.alone(port, controllerPort);
        ChildProcess broker = launch(dataDir, node, clusterId(), "kafka", logDir, bind, principals, jvm);
        try {
            awaitListening(broker, node);
            grant(principals, "127.0.0.1:" + node.internalPort());
        } catch (Exception | Error e) {
            broker.kill(); // nobody else holds it: left running, it would keep the ports of the next attempt
            throw e;
        }
        return broker;
    }

    /**
     * One node of the embedded Kafka: broker and controller at once, {@code id} among {@code size} nodes whose
     * controllers vote in one quorum ({@code voters}, Kafka's {@code controller.quorum.voters}).
     */
    record Node(int id, int size, int port, int controllerPort, String voters) {

        static Node alone(int port, int controllerPort) {
            return new Node(1, 1, port, controllerPort, "1@127.0.0.1:" + controllerPort);
        }

        int internalPort() {
            return KafkaBroker.internalPort(controllerPort);
        }

        /** A cluster keeps every topic on three nodes and takes a write once two have it: one node may die. */
        int replicas() {
            return Math.min(size, 3);
        }

        int minInSync() {
            return size == 1 ? 1 : 2;
        }
    }

    /**
     * Writes the node's config, formats its log dir with {@code clusterId} on its first start and starts it, without
     * waiting: a node of a cluster only serves once a majority of the controllers run.
     */
    static ChildProcess launch(Path dataDir, Node node, String clusterId, String name, Path logDir, BindAddress bind,
                               KafkaPrincipals principals, Jvm jvm) throws Exception {
        int port = node.port();
        int controllerPort = node.controllerPort();
        Path logs = dataDir.resolve("log");
        Files.createDirectories(logs);
        Path config = dataDir.resolve("server.properties");
        int internalPort = internalPort(controllerPort);
        String plain = principals.brokerPlainJaas();
        List<String> replication = node.size() == 1 ? List.of() : List.of(
                "default.replication.factor=" + node.replicas(),
                "min.insync.replicas=" + node.minInSync());
        DataDir.writeOwnerOnly(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.id(),
                "controller.quorum.voters=" + node.voters(),
                "listeners=CLIENT://" + host(bind.address()) + ":" + port
                        + ",INTERNAL://127.0.0.1:" + internalPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CLIENT://" + host(bind.advertisedHost()) + ":" + port
                        + ",INTERNAL://127.0.0.1:" + internalPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=INTERNAL",
                "listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,"
                        + "CLIENT:" + KafkaPrincipals.CLIENT_PROTOCOL,
                "sasl.mechanism.controller.protocol=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=" + plain,
                "listener.name.internal.sasl.enabled.mechanisms=PLAIN",
                "listener.name.internal.plain.sasl.jaas.config=" + plain,
                "listener.name.client.sasl.enabled.mechanisms=" + KafkaPrincipals.CLIENT_MECHANISM + ",PLAIN",
                "listener.name.client.scram-sha-256.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                // for outsiders whose librdkafka cannot do SCRAM with Kafka 4 (before 2.6.1: Debian's python3-confluent-kafka)
                "listener.name.client.plain.sasl.jaas.config=" + principals.outsidersPlainJaas(),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + KafkaPrincipals.ADMIN,
                "log.dirs=" + logs.toAbsolutePath(),
                "num.partitions=3",
                "offsets.topic.replication.factor=" + node.replicas(),
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=" + node.replicas(),
                "transaction.state.log.min.isr=" + node.minInSync(),
                "share.coordinator.state.topic.replication.factor=" + node.replicas(),
                "share.coordinator.state.topic.min.isr=" + node.minInSync(),
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                String.join("\n", replication),
                "") );
        Path log4j = dataDir.resolve("log4j2.yaml");
        Files.writeString(log4j, """
                Configuration:
                  Appenders:
                    Console: { name: STDOUT, PatternLayout: { pattern: "[%d] %p %m (%c)%n" } }
                  Loggers:
                    Root: { level: WARN, AppenderRef: [ { ref: STDOUT } ] }
                    Logger: [ { name: kafka.server.KafkaRaftServer, level: INFO } ]
                """);
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(config, log4j, logDir, clusterId, jvm.format());
        }
        // three nodes share the machine with eight services: each a smaller heap than the one broker's
        return ChildProcess.start(name, java(log4j, node.size() == 1 ? "-Xmx512m" : "-Xmx384m", jvm.broker(), "kafka.Kafka",
                config.toAbsolutePath().toString()), Map.of(), dataDir, logDir);
    }

    /** Waits until the node listens for clients and for the launcher; kills it if it does not. */
    static void awaitListening(ChildProcess broker, Node node) throws Exception {
        try {
            awaitPort(broker, node.port(), Duration.ofSeconds(90));
            awaitPort(broker, node.internalPort(), Duration.ofSeconds(30));
        } catch (Exception | Error e) {
            broker.kill(); // nobody else holds it: left running, it would keep the ports of the next attempt
            throw e;
        }
    }

    /** The broker's internal listener, for itself and the launcher: next to the controller's, on 127.0.0.1. */
    static int internalPort(int controllerPort) {
        return controllerPort + 1;
    }

    /** Every principal's SCRAM credential and every ACL, as the launcher's admin on the internal listener. */
    static void grant(KafkaPrincipals principals, String internalBootstrap) throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(principals.admin(internalBootstrap));
        try (Admin admin = Admin.create(config)) {
            List<UserScramCredentialAlteration> credentials = new ArrayList<>();
            for (String principal : KafkaPrincipals.names()) {
                if (!principal.equals(KafkaPrincipals.ADMIN)) {
                    credentials.add(new UserScramCredentialUpsertion(principal,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), principals.password(principal)));
                }
            }
            admin.alterUserScramCredentials(credentials).all().get(60, TimeUnit.SECONDS);
            List<AclBinding> wanted = KafkaAcls.all();
            // a grant an older launcher made that is no longer listed is taken back
            List<AclBindingFilter> stale = admin.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS)
                    .stream().filter(binding -> !wanted.contains(binding)).map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(60, TimeUnit.SECONDS);
            }
            admin.createAcls(wanted).all().get(60, TimeUnit.SECONDS);
        }
    }

    /** An IPv6 address in a listener must be in brackets, or its colons read as the port's. */
    private static String host(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static void format(Path config, Path log4j, Path logDir, String clusterId, List<String> jvm)
            throws Exception {
        ChildProcess format = ChildProcess.start("kafka-format", java(log4j, "-Xmx256m", jvm, "kafka.tools.StorageTool",
                "format", "-t", clusterId, "-c", config.toAbsolutePath().toString()), Map.of(),
                config.getParent(), logDir);
        if (format.awaitExit(Duration.ofSeconds(60)) != 0) {
            throw new IllegalStateException("formatting Kafka's log dir failed:\n" + format.tail(20));
        }
    }

    /** Kafka's own ids never start with '-', which the format tool would take for an option. */
    static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static List<String> java(Path log4j, String heap, List<String> jvm, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Engine.javaBinary(), heap));
        command.addAll(jvm);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "-cp", absoluteClassPath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The options of a node's JVM and of the one that formats its log dir: none, or those of the broker's
     * {@link StartupArchive}.
     */
    record Jvm(List<String> broker, List<String> format) {
        static final Jvm PLAIN = new Jvm(List.of(), List.of());
    }

    /** The broker runs in its data dir, so a class path relative to where the launcher was started must be made absolute. */
    static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    static void awaitPort(ChildProcess process, int port, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited:\n" + process.tail(30));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(process.name() + " did not listen on " + port + ":\n" + process.tail(30));
    }
}

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

/**
 * A real Apache Kafka broker (KRaft, one node that is broker and controller) in its own JVM, its log under
 * {@code data/kafka}. The class path is the launcher's own, which carries the broker's jars.
 */
final class KafkaBroker {

    private KafkaBroker() {
    }

    /**
     * Starts the broker and waits until it listens. The listener for clients binds to {@code bind}, the controller's
     * always to 127.0.0.1: only the broker itself talks to it.
     */
    static ChildProcess start(Path dataDir, int port, int controllerPort, Path logDir, BindAddress bind)
            throws Exception {
        Path logs = dataDir.resolve("log");
        Files.createDirectories(logs);
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://" + host(bind.address()) + ":" + port
                        + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host(bind.advertisedHost()) + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logs.toAbsolutePath(),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
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
            format(config, log4j, logDir);
        }
        ChildProcess broker = ChildProcess.start("kafka", java(log4j, "-Xmx512m", "kafka.Kafka",
                config.toAbsolutePath().toString()), Map.of(), dataDir, logDir);
        try {
            awaitPort(broker, port, Duration.ofSeconds(90));
        } catch (Exception | Error e) {
            broker.kill(); // nobody else holds it: left running, it would keep the ports of the next attempt
            throw e;
        }
        return broker;
    }

    /** An IPv6 address in a listener must be in brackets, or its colons read as the port's. */
    private static String host(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static void format(Path config, Path log4j, Path logDir) throws Exception {
        ChildProcess format = ChildProcess.start("kafka-format", java(log4j, "-Xmx256m", "kafka.tools.StorageTool",
                "format", "-t", clusterId(), "-c", config.toAbsolutePath().toString()), Map.of(),
                config.getParent(), logDir);
        if (format.awaitExit(Duration.ofSeconds(60)) != 0) {
            throw new IllegalStateException("formatting Kafka's log dir failed:\n" + format.tail(20));
        }
    }

    /** Kafka's own ids never start with '-', which the format tool would take for an option. */
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static List<String> java(Path log4j, String heap, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Engine.javaBinary(), heap,
                "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "-cp", absoluteClassPath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** The broker runs in its data dir, so a class path relative to where the launcher was started must be made absolute. */
    private static String absoluteClassPath() {
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

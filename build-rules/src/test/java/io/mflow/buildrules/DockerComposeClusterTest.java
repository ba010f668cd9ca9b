package io.mflow.buildrules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} describes a cluster that survives any one machine: three Kafka brokers that are also the
 * controller quorum, every topic (the brokers' own included) on three of them with two in sync, a three-member
 * MongoDB replica set, and every service told about all of them, creating its topics with replicas 3 and min ISR 2
 * and writing to a majority. There is no Docker where the tests run, so the file is read as compose reads it (anchors
 * and merge keys resolved) and its invariants are checked.
 */
class DockerComposeClusterTest {

    static final List<String> SERVICES = List.of("task-service", "pipeline-service", "runner-service", "notify-service");
    static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    static final List<String> STORE_MEMBERS = List.of("mongo-1", "mongo-2", "mongo-3");

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        try (Reader compose = Files.newBufferedReader(repositoryRoot().resolve("docker-compose.yml"))) {
            Map<String, Object> file = new Yaml(new SafeConstructor(options)).load(compose);
            services = (Map<String, Map<String, Object>>) file.get("services");
        }
    }

    @Test
    void threeBrokersAreAlsoTheThreeControllersAndShareOneCluster() {
        assertThat(services.keySet()).filteredOn(name -> name.startsWith("kafka-") && !name.equals("kafka-init"))
                .containsExactlyInAnyOrderElementsOf(BROKERS);
        assertThat(services).doesNotContainKey("kafka");
        for (int node = 1; node <= BROKERS.size(); node++) {
            Map<String, Object> env = environmentOf(BROKERS.get(node - 1));
            assertThat(String.valueOf(env.get("KAFKA_NODE_ID"))).isEqualTo(String.valueOf(node));
            assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                    .isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
            assertThat((String) env.get("KAFKA_ADVERTISED_LISTENERS")).contains("CLIENT://kafka-" + node + ":9092");
            assertThat(env.get("CLUSTER_ID")).isEqualTo(environmentOf("kafka-1").get("CLUSTER_ID"));
            String dataVolume = "kafka-" + node + "-data:";
            assertThat(volumesOf(BROKERS.get(node - 1))).anyMatch(volume -> volume.startsWith(dataVolume));
        }
    }

    @Test
    void everyTopicOfTheBrokersOwnOrMadeWithoutSayingHasThreeReplicasTwoInSync() {
        for (String broker : BROKERS) {
            Map<String, Object> env = environmentOf(broker);
            assertThat(env).as(broker)
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", 2)
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 2)
                    .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", 2)
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
        }
    }

    @Test
    void everyServiceKnowsEveryBrokerAndCreatesItsTopicsOnThreeWithTwoInSync() {
        for (String service : SERVICES) {
            Map<String, Object> env = environmentOf(service);
            assertThat(List.of(((String) env.get("KAFKA_BOOTSTRAP_SERVERS")).split(","))).as(service)
                    .containsExactlyInAnyOrder("kafka-1:9092", "kafka-2:9092", "kafka-3:9092");
            assertThat(String.valueOf(env.get("MFLOW_KAFKA_TOPIC_REPLICAS"))).as(service).isEqualTo("3");
            assertThat(String.valueOf(env.get("MFLOW_KAFKA_MIN_INSYNC_REPLICAS"))).as(service).isEqualTo("2");
            assertThat(dependsOn(service)).as(service).containsKeys("kafka-init", "mongo-init");
        }
        assertThat(List.of(((String) environmentOf("schema-registry").get("KAFKA_BOOTSTRAP_SERVERS")).split(",")))
                .containsExactlyInAnyOrder("kafka-1:9092", "kafka-2:9092", "kafka-3:9092");
        assertThat((String) commandOf("kafka-init")).contains("--bootstrap-server kafka-1:9094,kafka-2:9094,kafka-3:9094");
        assertThat(dependsOn("kafka-init")).containsKeys(BROKERS.toArray(String[]::new));
    }

    @Test
    void theStoreIsAThreeMemberReplicaSetThatEveryServiceWritesToByMajority() {
        for (String member : STORE_MEMBERS) {
            assertThat(String.join(" ", commandList(member))).as(member).contains("--replSet rs0", "--keyFile");
        }
        String init = (String) commandOf("mongo-init");
        for (String member : STORE_MEMBERS) {
            assertThat(init).contains("host: \"" + member + ":27017\"");
        }
        for (String service : SERVICES) {
            String uri = (String) environmentOf(service).get("MONGODB_URI");
            Matcher hosts = Pattern.compile("@([^/]+)/").matcher(uri);
            assertThat(hosts.find()).as(uri).isTrue();
            assertThat(List.of(hosts.group(1).split(","))).as(service)
                    .containsExactlyInAnyOrder("mongo-1:27017", "mongo-2:27017", "mongo-3:27017");
            assertThat(uri).as(service).contains("replicaSet=rs0", "w=majority", "readConcernLevel=majority");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentOf(String service) {
        Map<String, Object> env = (Map<String, Object>) services.get(service).get("environment");
        assertThat(env).as("environment of %s", service).isNotNull();
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dependsOn(String service) {
        return (Map<String, Object>) services.get(service).get("depends_on");
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumesOf(String service) {
        return (List<String>) services.get(service).get("volumes");
    }

    @SuppressWarnings("unchecked")
    private static List<String> commandList(String service) {
        return (List<String>) services.get(service).get("command");
    }

    private static Object commandOf(String service) {
        return String.join("\n", commandList(service));
    }

    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        Path root = module.getParent();
        assertThat(root.resolve("docker-compose.yml")).as("docker-compose.yml, above %s", module).isRegularFile();
        return root;
    }
}

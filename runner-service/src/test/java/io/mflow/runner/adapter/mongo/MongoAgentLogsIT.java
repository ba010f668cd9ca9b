package io.mflow.runner.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.runner.domain.replica.RunnerLease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Agents' output and the instances' leases in the store every runner-service replica shares: two instances (two
 * adapters on one store) see the same output whichever took each part, and a lease renewed meanwhile is not forgotten.
 */
class MongoAgentLogsIT {

    private static MongoServer server;
    private static MongoClient client;
    private static MongoTemplate store;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        store = new MongoTemplate(client, "mflow-runner");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdown();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void partsTakenByTwoInstancesReadAsOneOutputFromEither() {
        MongoAgentLogs one = new MongoAgentLogs(store);
        MongoAgentLogs two = new MongoAgentLogs(store);
        one.write("a#1", 0, "first\n".getBytes(StandardCharsets.UTF_8));
        two.write("a#1", 6, "second\n".getBytes(StandardCharsets.UTF_8));

        assertThat(text(two.read("a#1", 0, 100))).isEqualTo("first\nsecond\n");
        assertThat(text(one.read("a#1", 3, 6))).isEqualTo("st\nsec");
        assertThat(text(one.read("a#1", 13, 100))).isEmpty();
        assertThat(one.tail("a#1", 7)).isEqualTo("second\n");
    }

    @Test
    void aPartSentAgainChangesNothingAndAGapIsRefused() {
        MongoAgentLogs logs = new MongoAgentLogs(store);
        logs.write("b#1", 0, "abc".getBytes(StandardCharsets.UTF_8));
        logs.write("b#1", 0, "abc".getBytes(StandardCharsets.UTF_8));
        logs.write("b#1", 3, "def".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> logs.write("b#1", 10, "x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("would leave a gap");
        assertThat(text(logs.read("b#1", 0, 100))).isEqualTo("abcdef");
    }

    @Test
    void aLargePartIsStoredInSlicesAndReadWhole() {
        MongoAgentLogs logs = new MongoAgentLogs(store);
        byte[] large = new byte[MongoAgentLogs.SLICE_BYTES * 2 + 10];
        Arrays.fill(large, (byte) 'x');
        logs.write("c#1", 0, large);

        assertThat(logs.read("c#1", 0, large.length)).isEqualTo(large);
        assertThat(logs.read("c#1", MongoAgentLogs.SLICE_BYTES - 5, 10)).hasSize(10);
    }

    @Test
    void deletedOutputIsGoneForEveryInstance() {
        MongoAgentLogs one = new MongoAgentLogs(store);
        one.write("d#1", 0, "raw secret\n".getBytes(StandardCharsets.UTF_8));
        new MongoAgentLogs(store).delete("d#1");
        assertThat(one.read("d#1", 0, 100)).isEmpty();
    }

    @Test
    void aLeaseRenewedSinceItWasReadIsNotForgotten() {
        MongoRunnerLeases leases = new MongoRunnerLeases(store);
        Instant then = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        RunnerLease old = RunnerLease.renewed("runner-z", "host-z", then, Duration.ofSeconds(6));
        leases.renew(old);
        leases.renew(RunnerLease.renewed("runner-z", "host-z", Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Duration.ofSeconds(6)));

        leases.forget(old);
        assertThat(leases.find("runner-z")).as("it came back meanwhile").isPresent();

        RunnerLease current = leases.find("runner-z").orElseThrow();
        leases.forget(current);
        assertThat(leases.find("runner-z")).isEmpty();
    }
}

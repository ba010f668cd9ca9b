package io.mflow.runner.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mflow.localrunner.domain.Outcome;
import io.mflow.localrunner.domain.Param;
import io.mflow.runner.domain.Attempt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShipLogsTest {

    /** A job's output as a runner shows it: what was written so far. */
    private static final class Output implements Runner {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();

        synchronized void write(String text) {
            written.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public synchronized byte[] outputFrom(Attempt attempt, Launch launch, long offset, int max) {
            byte[] all = written.toByteArray();
            return offset >= all.length ? new byte[0]
                    : Arrays.copyOfRange(all, (int) offset, (int) Math.min(all.length, offset + max));
        }

        @Override
        public Launch start(Attempt attempt, List<Param> openedParams, String updateToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Probe probe(Attempt attempt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Outcome> completion(Attempt attempt, Launch launch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stop(Attempt attempt, Launch launch) {
        }
    }

    private record Chunk(long firstLine, String text, boolean last) {
    }

    private final List<Chunk> published = new CopyOnWriteArrayList<>();
    private final ShipLogs logs = new ShipLogs((attempt, firstLine, text, last, at) ->
            published.add(new Chunk(firstLine, text, last)),
            new AttemptSecrets((sealed, place) -> sealed.replace("sealed:", ""), List.of("the-brokers-password")),
            Duration.ofMillis(20), Clock.systemUTC());
    private final Attempt attempt = new Attempt("jt-1#1", "jt-1", "pt-1", "LOCAL", "true",
            List.of(new Param("DB_PASSWORD", "sealed:hunter2", true)), "sealed:the-update-token", false);
    private final Output output = new Output();

    @AfterEach
    void close() {
        logs.close();
    }

    private String shipped() {
        StringBuilder text = new StringBuilder();
        published.forEach(c -> text.append(c.text()));
        return text.toString();
    }

    /** Every job that may report over Kafka is handed the reporter's password: no job may show it. */
    @Test
    void theBrokersPasswordEveryJobIsHandedIsMaskedToo() throws Exception {
        logs.follow(attempt, output, new Launch(1, "dir"));
        output.write("MFLOW_KAFKA_SASL_PASSWORD=the-brokers-password\n");
        logs.ended(attempt);

        await().atMost(Duration.ofSeconds(5)).until(() -> published.stream().anyMatch(Chunk::last));
        assertThat(shipped()).isEqualTo("MFLOW_KAFKA_SASL_PASSWORD=******\n");
    }

    @Test
    void aSecretWrittenInTwoPiecesIsStillMasked() throws Exception {
        logs.follow(attempt, output, new Launch(1, "dir"));
        output.write("connecting with hun");
        Thread.sleep(100); // several rounds pass while only half of it is written
        output.write("ter2 as admin\ntoken the-update");
        Thread.sleep(100);
        output.write("-token\n");
        logs.ended(attempt);

        await().atMost(Duration.ofSeconds(5)).until(() -> published.stream().anyMatch(Chunk::last));
        assertThat(shipped()).isEqualTo("connecting with ****** as admin\ntoken ******\n");
        assertThat(published).allSatisfy(c -> assertThat(c.text()).doesNotContain("hun", "update-token"));
    }

    @Test
    void linesAreNumberedFromTheStartSoACopyIsRecognised() throws Exception {
        logs.follow(attempt, output, new Launch(1, "dir"));
        output.write("one\ntwo\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> shipped().equals("one\ntwo\n"));
        output.write("three\nlast without newline");
        logs.ended(attempt);

        await().atMost(Duration.ofSeconds(5)).until(() -> published.stream().anyMatch(Chunk::last));
        assertThat(shipped()).isEqualTo("one\ntwo\nthree\nlast without newline");
        assertThat(published.get(0).firstLine()).isZero();
        assertThat(published.get(published.size() - 1).firstLine()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aJobThatWroteNothingPublishesNothing() throws Exception {
        logs.follow(attempt, output, new Launch(1, "dir"));
        logs.ended(attempt);
        Thread.sleep(200);

        assertThat(published).isEmpty();
    }
}

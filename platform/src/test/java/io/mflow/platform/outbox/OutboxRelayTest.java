package io.mflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import io.mflow.platform.kafka.KafkaTopics;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The relay against a real broker: what a service's outbox holds reaches the topic, in order, and leaves the outbox. */
class OutboxRelayTest {

    private static final String TOPIC = "relay-test";
    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaTemplate<Object, Object> kafka;

    private final Outboxes store = new Outboxes();
    private final List<OutboxRecord> told = new CopyOnWriteArrayList<>();
    private OutboxRelay relay;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC, KafkaTopics.deadLetterTopicOf(TOPIC));
        broker.afterPropertiesSet();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<Object, Object>(config));
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void aWokenOutboxGoesOutInOrderWithItsHeadersAndIsEmptiedAfterward() {
        store.put("run-1", record("a", "run-1"), record("b", "run-1"), record("c", "run-1"));
        relay = relay(Duration.ofMinutes(10));

        relay.wake("run-1");

        List<ConsumerRecord<String, byte[]>> received = readUntil(records -> values(records, "run-1").size() == 3);
        assertThat(values(received, "run-1")).containsExactly("a", "b", "c");
        assertThat(received).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("type").value(),
                StandardCharsets.UTF_8)).isEqualTo("test.Record"));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.pendingOf("run-1").isEmpty());
        assertThat(told).extracting(OutboxRecord::id).containsExactly("a", "b", "c");
        assertThat(relay.sent()).isEqualTo(3);
    }

    @Test
    void whatACrashLeftBehindIsSentByTheSweepWithoutAWake() {
        store.put("left-1", record("x", "left-1"));
        store.put("left-2", record("y", "left-2"));

        relay = relay(Duration.ofMillis(100));
        relay.start();

        assertThat(values(readUntil(records -> values(records, "left-2").size() == 1), "left-1")).containsExactly("x");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.pending(10).isEmpty());
    }

    @Test
    void aRecordTheBrokerRefusesStaysWithTheRestOfItsOutboxForTheNextTry() {
        OutboxRecord refused = new OutboxRecord("bad", "not a topic!", "run-2", Map.of(), new byte[0], Instant.now());
        store.put("run-2", record("first", "run-2"), refused, record("last", "run-2"));
        relay = relay(Duration.ofMinutes(10));

        relay.wake("run-2");

        await().atMost(Duration.ofSeconds(10)).until(() -> store.pendingOf("run-2")
                .map(p -> p.records().stream().map(OutboxRecord::id).toList()).orElse(List.of())
                .equals(List.of("bad", "last")));
        assertThat(told).extracting(OutboxRecord::id).containsExactly("first");
    }

    @Test
    void aRecordTooLargeForTheBrokerIsDeadLetteredWithTheReasonAndTheRestOfItsOutboxGoesOut() {
        OutboxRecord huge = new OutboxRecord("huge", TOPIC, "run-9", Map.of("ce_id", "huge"), new byte[2 * 1024 * 1024],
                Instant.now());
        store.put("run-9", record("before", "run-9"), huge, record("after", "run-9"));
        relay = relay(Duration.ofMinutes(10));

        relay.wake("run-9");

        assertThat(values(readUntil(records -> values(records, "run-9").size() == 2), "run-9"))
                .containsExactly("before", "after");
        ConsumerRecord<String, byte[]> letter = readUntil(KafkaTopics.deadLetterTopicOf(TOPIC),
                records -> !records.isEmpty()).get(0);
        assertThat(letter.key()).isEqualTo("run-9");
        assertThat(letter.value()).isNull();
        assertThat(header(letter, "ce_id")).isEqualTo("huge");
        assertThat(header(letter, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
        assertThat(header(letter, "kafka_dlt-exception-message")).startsWith(
                "a record of 2097152 bytes is larger than the broker takes");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.pendingOf("run-9").isEmpty());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theSweepMeasuresWhatWaitsAndHowLong() {
        OutboxRecord old = new OutboxRecord("old", "not a topic!", "k", Map.of(), new byte[0],
                Instant.now().minusSeconds(90));
        store.put("stuck", old);
        relay = relay(Duration.ofMillis(100));
        relay.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> relay.waiting() == 1);
        assertThat(relay.oldestAge()).isGreaterThanOrEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aWriteThatFollowsWhatWasSentGoesOutWithoutReadingTheStoreAndLeavesItsOutboxInOneBatch() {
        relay = relay(Duration.ofMinutes(10));
        OutboxRecord created = record("created", "run-3");
        OutboxRecord moved = record("moved", "run-3");
        OutboxRecord other = record("other", "run-4");
        store.write("run-3", 0, created);
        relay.stored("run-3", OutboxRelay.CREATED, 0, List.of(created));
        store.write("run-3", 1, moved);
        relay.stored("run-3", 0, 1, List.of(moved));
        store.write("run-4", 0, other);
        relay.stored("run-4", OutboxRelay.CREATED, 0, List.of(other));

        assertThat(values(readUntil(records -> values(records, "run-3").size() == 2), "run-3"))
                .containsExactly("created", "moved");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.idsOf("run-3").isEmpty() && store.idsOf("run-4").isEmpty());
        assertThat(store.reads).hasValue(0);
        assertThat(store.removals.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void aWriteTheRelayCannotPlaceAfterWhatItSentReadsTheOutboxSoNothingOvertakesAnEarlierRecord() {
        // A restarted relay, or another writer's write it has not been told of yet: it cannot know what came before.
        OutboxRecord first = record("first", "run-5");
        OutboxRecord second = record("second", "run-5");
        store.write("run-5", 7, first, second);
        relay = relay(Duration.ofMinutes(10));

        relay.stored("run-5", 6, 7, List.of(second));
        relay.stored("run-5", 5, 6, List.of(first)); // told late: already sent by the read

        assertThat(values(readUntil(records -> values(records, "run-5").size() >= 2), "run-5"))
                .containsExactly("first", "second");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.idsOf("run-5").isEmpty());
        assertThat(told).extracting(OutboxRecord::id).containsExactly("first", "second");
        assertThat(store.reads).hasValue(1);
    }

    @Test
    void aReadThatBeganBeforeSentRecordsWereTakenOutDoesNotSendThemAgain() {
        relay = relay(Duration.ofMinutes(10));
        OutboxRecord sentFirst = record("sent-first", "run-8");
        OutboxRecord later = record("later", "run-8");
        store.write("run-8", 0, sentFirst);
        store.slowReadsFrom = store.removed;
        relay.stored("run-8", OutboxRelay.CREATED, 0, List.of(sentFirst));
        await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 1);

        // acknowledged, not yet taken out: a write the relay cannot place (another writer's) makes it read the
        // outbox, and the read answers only after the removal, with what was stored before it
        store.write("run-8", 5, later);
        relay.stored("run-8", 4, 5, List.of(later));

        assertThat(values(readUntil(records -> values(records, "run-8").contains("later")), "run-8"))
                .containsExactly("sent-first", "later");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.idsOf("run-8").isEmpty());
        assertThat(told).extracting(OutboxRecord::id).containsExactly("sent-first", "later");
    }

    @Test
    void aWriteTheSweepAlreadySentAndTookOutIsNotSentAgainWhenTheRelayIsToldOfItLate() {
        // The writer stored its document, then waited (a busy machine) before telling the relay; meanwhile the sweep
        // found the record, sent it and took it out of the outbox.
        OutboxRecord created = record("created-once", "told-late");
        store.write("told-late", 0, created);
        relay = relay(Duration.ofMinutes(10));
        relay.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.idsOf("told-late").isEmpty() && told.size() == 1);

        assertThat(valuesOnceToldOf("told-late", created)).containsExactly("created-once");
        assertThat(told).extracting(OutboxRecord::id).containsExactly("created-once", "after");
    }

    @Test
    void aWriteTheSweepSentButHasNotTakenOutYetIsNotSentAgainWhenTheRelayIsToldOfIt() {
        OutboxRecord created = record("swept-once", "swept-held");
        store.write("swept-held", 0, created);
        store.holdRemovals = new CountDownLatch(1);
        relay = relay(Duration.ofMinutes(10));
        relay.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 1);

        assertThat(valuesOnceToldOf("swept-held", created)).containsExactly("swept-once");
        store.holdRemovals.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.idsOf("swept-held").isEmpty());
    }

    @Test
    void everySentRecordCarriesWhenItWasStored() {
        OutboxRecord record = record("stamped", "run-6");
        store.write("run-6", 0, record);
        relay = relay(Duration.ofMinutes(10));

        relay.stored("run-6", OutboxRelay.CREATED, 0, List.of(record));

        ConsumerRecord<String, byte[]> received = readUntil(records -> values(records, "run-6").size() == 1).stream()
                .filter(r -> "run-6".equals(r.key())).findFirst().orElseThrow();
        assertThat(Instant.parse(new String(received.headers().lastHeader(OutboxRelay.STORED_AT_HEADER).value(),
                StandardCharsets.UTF_8))).isEqualTo(record.storedAt());
    }

    /**
     * Tells the relay late of a write it created, then of another owner's write, and reads the topic up to the
     * latter: one partition, one sending thread, so a second copy of the first would be on the topic before it.
     */
    private List<String> valuesOnceToldOf(String owner, OutboxRecord created) {
        relay.stored(owner, OutboxRelay.CREATED, 0, List.of(created));
        OutboxRecord marker = record("after", owner + "-next");
        store.write(owner + "-next", 0, marker);
        relay.stored(owner + "-next", OutboxRelay.CREATED, 0, List.of(marker));
        return values(readUntil(records -> values(records, owner + "-next").size() == 1), owner);
    }

    private OutboxRelay relay(Duration sweepInterval) {
        return new OutboxRelay(store, kafka, OutboxProperties.sweepingEvery(sweepInterval), Clock.systemUTC(),
                List.of((record, at) -> told.add(record)));
    }

    private static OutboxRecord record(String value, String key) {
        return new OutboxRecord(value, TOPIC, key, Map.of("type", "test.Record"),
                value.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private static List<String> values(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> readUntil(
            java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return readUntil(TOPIC, done);
    }

    private static List<ConsumerRecord<String, byte[]>> readUntil(String topic,
            java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(15);
            while (!done.test(seen)) {
                assertThat(Instant.now()).as("waited for records; saw " + seen.size()).isBefore(deadline);
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
        }
        return seen;
    }

    /** A service's outboxes, in memory: the port the relay is written against, counting the relay's reads. */
    private static final class Outboxes implements OutboxStore {
        private final Map<String, List<OutboxRecord>> byOwner = new LinkedHashMap<>();
        private final Map<String, Long> versions = new LinkedHashMap<>();
        private final AtomicInteger reads = new AtomicInteger();
        private final AtomicInteger removals = new AtomicInteger();
        private final CountDownLatch removed = new CountDownLatch(1);
        /** When set, a read answers only after the first removal, with what it read before it. */
        private volatile CountDownLatch slowReadsFrom;
        /** When set, removals wait for it: records stay acknowledged but stored. */
        private volatile CountDownLatch holdRemovals;

        synchronized void put(String owner, OutboxRecord... records) {
            byOwner.put(owner, new ArrayList<>(List.of(records)));
        }

        /** A write: the document moves to {@code version} with {@code records} added to its outbox. */
        synchronized void write(String owner, long version, OutboxRecord... records) {
            byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).addAll(List.of(records));
            versions.put(owner, version);
        }

        synchronized List<String> idsOf(String owner) {
            return byOwner.getOrDefault(owner, List.of()).stream().map(OutboxRecord::id).toList();
        }

        @Override
        public Optional<PendingOutbox> pendingOf(String owner) {
            Optional<PendingOutbox> read = snapshotOf(owner);
            if (slowReadsFrom != null) {
                // a read that began before a removal and answers after it, as a store's round trip can
                awaitQuietly(slowReadsFrom);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return read;
        }

        private synchronized Optional<PendingOutbox> snapshotOf(String owner) {
            reads.incrementAndGet();
            List<OutboxRecord> records = List.copyOf(byOwner.getOrDefault(owner, List.of()));
            return records.isEmpty() ? Optional.empty()
                    : Optional.of(new PendingOutbox(owner, versions.getOrDefault(owner, PendingOutbox.UNKNOWN_VERSION),
                            records));
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public synchronized List<PendingOutbox> pending(int limit) {
            return byOwner.entrySet().stream().filter(e -> !e.getValue().isEmpty()).limit(limit)
                    .map(e -> new PendingOutbox(e.getKey(), versions.getOrDefault(e.getKey(),
                            PendingOutbox.UNKNOWN_VERSION), e.getValue())).toList();
        }

        @Override
        public void remove(Map<String, List<String>> recordIdsByOwner) {
            if (holdRemovals != null) {
                awaitQuietly(holdRemovals);
            }
            removeNow(recordIdsByOwner);
        }

        private synchronized void removeNow(Map<String, List<String>> recordIdsByOwner) {
            removals.incrementAndGet();
            recordIdsByOwner.forEach((owner, recordIds) -> byOwner.getOrDefault(owner, new ArrayList<>())
                    .removeIf(r -> recordIds.contains(r.id())));
            removed.countDown();
        }
    }
}

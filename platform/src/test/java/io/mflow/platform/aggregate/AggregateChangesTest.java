package io.mflow.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mflow.platform.change.Change;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.platform.outbox.OutboxRecord;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.platform.outbox.Relay;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The seam every service changes its aggregates through, on a store that keeps versions in memory as a document
 * store does: what is stored, what the relay is told, and what happens when another writer comes first.
 */
class AggregateChangesTest {

    /** A counter that counts up to its limit and refuses to count past it; each count announces the new value. */
    record Counter(String id, int value, int limit) {
        Change<Counter, String> countUp() {
            if (value >= limit) {
                return Change.refused("full", id + " is full at " + limit);
            }
            Counter next = new Counter(id, value + 1, limit);
            return Change.moved(next, List.of(id + "=" + next.value()));
        }

        Change<Counter, String> reset() {
            return value == 0 ? Change.unchanged() : Change.moved(new Counter(id, 0, limit), List.of(id + "=0"));
        }
    }

    final VersionedStore store = new VersionedStore();
    final List<Told> relayed = Collections.synchronizedList(new ArrayList<>());
    final Relay relay = (owner, before, after, records) -> relayed.add(new Told(owner, before, after, records));

    record Told(String owner, long before, long after, List<OutboxRecord> records) {
    }

    AggregateChanges<Counter, String> counters() {
        return builder().build();
    }

    AggregateChanges.Builder<Counter, String> builder() {
        return AggregateChanges.of("counters", Counter::id, store,
                (next, event) -> new OutboxEntry(event, "counts", next.id(), Map.of(), event.getBytes()), relay);
    }

    @Test
    void aMoveIsStoredWithItsEventsInOneWriteAndHandedToTheRelay() {
        store.put(new Counter("c1", 0, 5), 0);

        Changed<Counter, String> changed = counters().change("c1", Counter::countUp).orElseThrow();

        assertThat(changed.moved()).isTrue();
        assertThat(changed.aggregate().value()).isEqualTo(1);
        assertThat(changed.version()).isEqualTo(1);
        assertThat(store.outboxOf("c1")).containsExactly("c1=1");
        assertThat(relayed).singleElement().satisfies(told -> {
            assertThat(told.owner()).isEqualTo("counters/c1");
            assertThat(told.before()).isEqualTo(0);
            assertThat(told.after()).isEqualTo(1);
            assertThat(told.records()).extracting(OutboxRecord::id).containsExactly("c1=1");
            assertThat(told.records().get(0).storedAt()).isNotNull();
        });
    }

    @Test
    void anUnknownAggregateIsAnEmptyAnswerAndNothingIsDecided() {
        AtomicInteger decided = new AtomicInteger();

        Optional<Changed<Counter, String>> changed = counters().change("nope", c -> {
            decided.incrementAndGet();
            return c.countUp();
        });

        assertThat(changed).isEmpty();
        assertThat(decided).hasValue(0);
        assertThat(relayed).isEmpty();
    }

    @Test
    void aRefusalWritesNothingAndSaysWhy() {
        store.put(new Counter("c1", 5, 5), 3);

        Changed<Counter, String> changed = counters().change("c1", Counter::countUp).orElseThrow();

        assertThat(changed.refusal()).hasValueSatisfying(refused -> {
            assertThat(refused.code()).isEqualTo("full");
            assertThat(refused.reason()).isEqualTo("c1 is full at 5");
        });
        assertThat(changed.version()).isEqualTo(3);
        assertThat(store.versionOf("c1")).isEqualTo(3);
        assertThat(relayed).isEmpty();
    }

    @Test
    void anUnchangedAggregateIsNeitherWrittenNorAnnounced() {
        store.put(new Counter("c1", 0, 5), 2);

        Changed<Counter, String> changed = counters().change("c1", Counter::reset).orElseThrow();

        assertThat(changed.moved()).isFalse();
        assertThat(changed.events()).isEmpty();
        assertThat(store.versionOf("c1")).isEqualTo(2);
        assertThat(store.outboxOf("c1")).isEmpty();
        assertThat(relayed).isEmpty();
    }

    @Test
    void whenAnotherWriterComesFirstTheChangeIsDecidedAgainOnWhatItWrote() {
        store.put(new Counter("c1", 0, 5), 0);
        store.beforeNextUpdate(() -> store.put(new Counter("c1", 3, 5), 1)); // someone counted to 3 meanwhile

        Changed<Counter, String> changed = counters().change("c1", Counter::countUp).orElseThrow();

        assertThat(changed.aggregate().value()).isEqualTo(4);
        assertThat(changed.version()).isEqualTo(2);
        assertThat(store.outboxOf("c1")).containsExactly("c1=4");
        assertThat(relayed).extracting(Told::before, Told::after).containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 2L));
    }

    @Test
    void aChangeThatLosesEveryRaceGivesUpWithoutWriting() {
        store.put(new Counter("c1", 0, 5), 0);
        store.loseEveryUpdate();

        assertThatThrownBy(() -> counters().change("c1", Counter::countUp))
                .isInstanceOf(ConcurrentChangeException.class)
                .hasMessageContaining("counters/c1");
        assertThat(store.updatesTried()).isEqualTo(AggregateChanges.DEFAULT_ATTEMPTS);
        assertThat(relayed).isEmpty();
    }

    @Test
    void aRecalledAggregateIsChangedWithoutARead() {
        store.put(new Counter("c1", 0, 5), 0);
        AggregateChanges<Counter, String> counters = builder().recalling(100, c -> true).build();

        counters.change("c1", Counter::countUp);
        counters.change("c1", Counter::countUp);
        counters.change("c1", Counter::countUp);

        assertThat(store.reads()).isEqualTo(1);
        assertThat(store.versionOf("c1")).isEqualTo(3);
    }

    @Test
    void aRecalledCopyThatAnotherInstanceOvertookIsReadAgainBeforeTheChangeIsStored() {
        store.put(new Counter("c1", 0, 5), 0);
        AggregateChanges<Counter, String> counters = builder().recalling(100, c -> true).build();
        counters.change("c1", Counter::countUp);
        store.put(new Counter("c1", 4, 5), 7); // another instance wrote since

        Changed<Counter, String> changed = counters.change("c1", Counter::countUp).orElseThrow();

        assertThat(changed.aggregate().value()).isEqualTo(5);
        assertThat(changed.version()).isEqualTo(8);
    }

    @Test
    void aRecalledCopyThatRefusesIsNotBelievedUntilTheStoreSaysSoToo() {
        store.put(new Counter("c1", 4, 5), 0);
        AggregateChanges<Counter, String> counters = builder().recalling(100, c -> true).build();
        counters.change("c1", Counter::countUp); // recalls c1 full at 5
        store.put(new Counter("c1", 0, 5), 9); // someone reset it since

        Changed<Counter, String> changed = counters.change("c1", Counter::countUp).orElseThrow();

        assertThat(changed.moved()).isTrue();
        assertThat(changed.aggregate().value()).isEqualTo(1);
    }

    @Test
    void theOnlyWriterBelievesARecalledCopyThatRefuses() {
        store.put(new Counter("c1", 4, 5), 0);
        AggregateChanges<Counter, String> counters = builder().recalling(100, c -> true).asTheOnlyWriter().build();
        counters.change("c1", Counter::countUp); // 5: full

        Changed<Counter, String> changed = counters.change("c1", Counter::countUp).orElseThrow();

        assertThat(changed.refusal()).isPresent();
        assertThat(store.reads()).isEqualTo(1);
    }

    @Test
    void whatWasReadIsRecalledToo() {
        store.put(new Counter("c1", 5, 5), 0);
        AggregateChanges<Counter, String> counters = builder().recalling(100, c -> true).asTheOnlyWriter().build();

        counters.change("c1", Counter::countUp); // refused, on what was read
        counters.change("c1", Counter::countUp); // refused, on what is recalled

        assertThat(store.reads()).isEqualTo(1);
    }

    @Test
    void onlyAggregatesInFlightAreRecalled() {
        store.put(new Counter("c1", 3, 5), 0);
        AggregateChanges<Counter, String> counters = builder().recalling(100, c -> c.value() < c.limit()).build();

        counters.change("c1", Counter::countUp); // 4: in flight
        counters.change("c1", Counter::countUp); // 5: done, forgotten
        counters.change("c1", Counter::reset);

        assertThat(store.reads()).isEqualTo(2);
    }

    @Test
    void aMoveFromNothingCreatesTheAggregateAndACreationIsStoredOnce() {
        AggregateChanges<Counter, String> counters = counters();

        Changed<Counter, String> created = counters.changeOrCreate("c1", found -> found.map(Counter::countUp)
                .orElse(Change.moved(new Counter("c1", 0, 5), List.of("c1 created")))).orElseThrow();

        assertThat(created.version()).isEqualTo(Stored.FIRST_VERSION);
        assertThat(created.created()).isTrue();
        assertThat(relayed).extracting(Told::before).containsExactly(OutboxRelay.CREATED);
        assertThat(counters.changeOrCreate("c1", found -> found.orElseThrow().countUp()).orElseThrow().created())
                .isFalse();
        assertThat(counters.create(new Counter("c1", 0, 9), List.of("again"))).isFalse();
        assertThat(counters.create(new Counter("c2", 0, 9), List.of("c2 created"))).isTrue();
        assertThat(store.outboxOf("c1")).containsExactly("c1 created", "c1=1");
    }

    @Test
    void aggregatesCreatedTogetherAreRecalledAndTheRelayKnowsTheirOutboxesEmpty() {
        AggregateChanges<Counter, String> counters = builder().recalling(100, c -> true).build();

        counters.createAll(List.of(new Counter("c1", 0, 5), new Counter("c2", 0, 5)));
        counters.change("c1", Counter::countUp);

        assertThat(store.reads()).as("the first change of a created one needs no read").isZero();
        assertThat(relayed).extracting(Told::owner, Told::before, Told::after).containsExactly(
                org.assertj.core.groups.Tuple.tuple("counters/c1", OutboxRelay.CREATED, 0L),
                org.assertj.core.groups.Tuple.tuple("counters/c2", OutboxRelay.CREATED, 0L),
                org.assertj.core.groups.Tuple.tuple("counters/c1", 0L, 1L));
        assertThatThrownBy(() -> counters.createAll(List.of(new Counter("c2", 0, 5))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aChangeThatWouldAnnounceARecordTheBrokerRefusesWritesNothing() {
        store.put(new Counter("c1", 0, 5), 0);
        AggregateChanges<Counter, String> counters = builder().maxRecordBytes(3).build();

        assertThat(counters.tooLarge(new Counter("c1", 1, 5), List.of("c1=1"))).hasValueSatisfying(reason ->
                assertThat(reason).contains("4 bytes", "at most 3 bytes"));
        assertThat(counters.tooLarge(new Counter("c1", 1, 5), List.of("ok"))).isEmpty();
        assertThatThrownBy(() -> counters.change("c1", Counter::countUp))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("counters/c1");
        assertThat(store.versionOf("c1")).isZero();
        assertThat(store.outboxOf("c1")).isEmpty();
        assertThat(relayed).isEmpty();
    }

    @Test
    void listenersAreToldOfEveryStoredMoveWithBeforeAndAfter() {
        store.put(new Counter("c1", 0, 1), 0);
        List<String> told = new ArrayList<>();
        AggregateChanges<Counter, String> counters = builder()
                .onMoved((before, after) -> told.add(before.value() + "->" + after.value())).build();

        counters.change("c1", Counter::countUp);
        counters.change("c1", Counter::countUp); // refused: full

        assertThat(told).containsExactly("0->1");
    }

    @Test
    void anAggregateThatKeepsATraceIsAnnouncedInItWhicheverThreadChangesIt() {
        String kept = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        AggregateChanges<Counter, String> traced = builder()
                .continuingTrace(counter -> counter.id().equals("c1") ? kept : null).build();
        store.put(new Counter("c1", 0, 5), 0);
        store.put(new Counter("c2", 0, 5), 0);

        traced.change("c1", Counter::countUp); // no trace is current in this thread
        traced.change("c2", Counter::countUp);

        assertThat(relayed).extracting(told -> told.records().get(0).headers().get("traceparent"))
                .as("c1 keeps a trace, c2 none and none is current").containsExactly(kept, null);
    }

    @Test
    void concurrentChangesOfOneAggregateLoseNoCount() throws InterruptedException {
        store.put(new Counter("c1", 0, 1_000), 0);
        AggregateChanges<Counter, String> counters = builder().recalling(10, c -> true).build();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        AtomicInteger gaveUp = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            threads.execute(() -> {
                try {
                    counters.change("c1", Counter::countUp);
                } catch (ConcurrentChangeException e) {
                    gaveUp.incrementAndGet();
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(store.read("c1").orElseThrow().aggregate().value()).isEqualTo(200 - gaveUp.get());
        assertThat(store.outboxOf("c1")).hasSize(200 - gaveUp.get()).doesNotHaveDuplicates();
    }

    /** Keeps each counter with its version and outbox, and writes only when the expected version still holds. */
    static final class VersionedStore implements AggregateStore<Counter> {

        private final Map<String, Stored<Counter>> stored = new ConcurrentHashMap<>();
        private final Map<String, List<String>> outboxes = new ConcurrentHashMap<>();
        private final AtomicInteger reads = new AtomicInteger();
        private final AtomicInteger updates = new AtomicInteger();
        private volatile Runnable beforeNextUpdate;
        private volatile boolean loseEveryUpdate;

        void put(Counter counter, long version) {
            stored.put(counter.id(), new Stored<>(counter, version));
        }

        void beforeNextUpdate(Runnable write) {
            beforeNextUpdate = write;
        }

        void loseEveryUpdate() {
            loseEveryUpdate = true;
        }

        long versionOf(String id) {
            return stored.get(id).version();
        }

        List<String> outboxOf(String id) {
            return outboxes.getOrDefault(id, List.of());
        }

        int reads() {
            return reads.get();
        }

        int updatesTried() {
            return updates.get();
        }

        @Override
        public Optional<Stored<Counter>> read(String id) {
            reads.incrementAndGet();
            return Optional.ofNullable(stored.get(id));
        }

        @Override
        public synchronized boolean insert(Counter counter, List<OutboxEntry> outbox) {
            if (stored.containsKey(counter.id())) {
                return false;
            }
            stored.put(counter.id(), new Stored<>(counter, Stored.FIRST_VERSION));
            append(counter.id(), outbox);
            return true;
        }

        @Override
        public synchronized boolean update(Counter next, long expectedVersion, List<OutboxEntry> outbox) {
            updates.incrementAndGet();
            Runnable meanwhile = beforeNextUpdate;
            beforeNextUpdate = null;
            if (meanwhile != null) {
                meanwhile.run();
            }
            Stored<Counter> current = stored.get(next.id());
            if (loseEveryUpdate || current == null || current.version() != expectedVersion) {
                return false;
            }
            stored.put(next.id(), new Stored<>(next, expectedVersion + 1));
            append(next.id(), outbox);
            return true;
        }

        private void append(String id, List<OutboxEntry> outbox) {
            outboxes.computeIfAbsent(id, key -> Collections.synchronizedList(new ArrayList<>()))
                    .addAll(outbox.stream().map(OutboxEntry::id).toList());
        }
    }
}

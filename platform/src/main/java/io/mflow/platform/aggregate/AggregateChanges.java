package io.mflow.platform.aggregate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mflow.platform.change.Change;
import io.mflow.platform.outbox.OutboxEntry;
import io.mflow.platform.outbox.OutboxOwner;
import io.mflow.platform.outbox.OutboxRecord;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.platform.outbox.Relay;
import io.mflow.platform.tracing.TraceHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one way a service changes an aggregate: recall or read it, let its domain decide, encode the events, store the
 * aggregate with its outbox records in one guarded write, hand the records to the relay; and when another writer
 * came first, read again and decide again, under one policy. A service brings only what is its own: the decision
 * (pure), an {@link EventEncoder} and an {@link AggregateStore}.
 *
 * <pre>{@code
 * Optional<Changed<JobTask, JobTaskEvent>> canceled =
 *         jobTasks.change(jobTaskId, task -> task.cancel(actor, reason, now));
 * }</pre>
 *
 * <p><b>Recall.</b> With {@link Builder#recalling}, what this instance last stored or read is kept while it is in
 * flight, and the next change is decided on it without a read: the guarded write tells whether anyone wrote in
 * between. Only a move is ever written on a recalled copy's word; when a recalled copy refuses or leaves the aggregate
 * unchanged, the decision is taken again on what is stored, since the copy may be stale, unless this instance is
 * {@linkplain Builder#asTheOnlyWriter the only writer} of what it recalls.
 *
 * <p>Thread-safe: any number of threads may change aggregates, of one id too; the version guard orders them.
 */
public final class AggregateChanges<A, E> {

    /** How many writes in a row may lose to another writer before a change gives up. */
    public static final int DEFAULT_ATTEMPTS = 10;

    private final String kind;
    private final Function<A, String> idOf;
    private final AggregateStore<A> store;
    private final EventEncoder<A, E> encoder;
    private final Relay relay;
    private final int attempts;
    private final Cache<String, Stored<A>> recent;
    private final Predicate<A> keepRecalling;
    private final boolean onlyWriter;
    private final List<BiConsumer<A, A>> onMoved;
    private final Clock clock;
    private final int maxRecordBytes;
    private final Function<A, String> traceOf;

    private AggregateChanges(Builder<A, E> builder) {
        this.kind = builder.kind;
        this.idOf = builder.idOf;
        this.store = builder.store;
        this.encoder = builder.encoder;
        this.relay = builder.relay;
        this.attempts = DEFAULT_ATTEMPTS;
        this.recent = builder.recallCapacity > 0 ? Caffeine.newBuilder().maximumSize(builder.recallCapacity).build()
                : null;
        this.keepRecalling = builder.keepRecalling;
        this.onlyWriter = builder.onlyWriter;
        this.onMoved = List.copyOf(builder.onMoved);
        this.clock = builder.clock;
        this.maxRecordBytes = builder.maxRecordBytes;
        this.traceOf = builder.traceOf;
    }

    /**
     * @param kind   names this kind of aggregate to the relay: the owner of an outbox is {@code <kind>/<id>} (see
     *               {@link OutboxOwner}), so the service's outbox store must find the document by that kind
     * @param idOf   an aggregate's id
     */
    public static <A, E> Builder<A, E> of(String kind, Function<A, String> idOf, AggregateStore<A> store,
                                          EventEncoder<A, E> encoder, Relay relay) {
        return new Builder<>(kind, idOf, store, encoder, relay);
    }

    /**
     * For an aggregate whose changes announce nothing: no records to encode, nothing for the relay.
     */
    public static <A> Builder<A, Void> unannounced(String kind, Function<A, String> idOf, AggregateStore<A> store) {
        return new Builder<>(kind, idOf, store, (next, nothing) -> {
            throw new IllegalStateException(kind + " announce nothing");
        }, (owner, versionBefore, versionAfter, records) -> { });
    }

    /**
     * Changes the aggregate {@code id} as {@code decide} says.
     *
     * @return empty when there is no such aggregate
     * @throws ConcurrentChangeException when other writers won every one of the policy's attempts
     */
    public Optional<Changed<A, E>> change(String id, Function<A, Change<A, E>> decide) {
        return apply(id, found -> found.map(decide).orElse(null));
    }

    /**
     * As {@link #change}, but {@code decide} also sees that there is none yet, and a move from nothing creates it.
     *
     * @return empty when there is none and {@code decide} did not create it
     */
    public Optional<Changed<A, E>> changeOrCreate(String id, Function<Optional<A>, Change<A, E>> decide) {
        return apply(id, decide);
    }

    /** Stores a new aggregate with the events its creation announces; false when one with its id exists already. */
    public boolean create(A aggregate, List<E> events) {
        return write(idOf.apply(aggregate), null, new Change.Moved<>(aggregate, events)).isPresent();
    }

    /**
     * Stores new aggregates that announce nothing, together (see {@link AggregateStore#insertAll}); they are
     * recalled, and the relay knows their outboxes empty, as if each had been {@linkplain #create created}.
     */
    public void createAll(List<A> aggregates) {
        if (aggregates.isEmpty()) {
            return;
        }
        store.insertAll(aggregates);
        for (A aggregate : aggregates) {
            stored(idOf.apply(aggregate), null, new Stored<>(aggregate, Stored.FIRST_VERSION), List.of());
        }
    }

    /**
     * Why the records that {@code events} of {@code aggregate} encode to would be too large to send, or empty when
     * they fit: for a caller that must refuse a request before it writes anything else (a run's job tasks are stored
     * before the pipeline task whose plan announces them).
     */
    public Optional<String> tooLarge(A aggregate, List<E> events) {
        for (E event : events) {
            OutboxEntry entry = encoder.encode(aggregate, event);
            if (entry.value().length > maxRecordBytes) {
                return Optional.of(entry.topic() + " record of " + entry.value().length + " bytes; the broker takes"
                        + " records of at most " + maxRecordBytes + " bytes");
            }
        }
        return Optional.empty();
    }

    /** The aggregate as stored; never a recalled copy, since a reader acts on what it reads. */
    public Optional<Stored<A>> read(String id) {
        return store.read(id);
    }

    /** Drops what is recalled of one aggregate: someone else is known to have written it. */
    public void forget(String id) {
        if (recent != null) {
            recent.invalidate(id);
        }
    }

    /** Drops everything recalled: for example when the partitions whose writer this instance was moved away. */
    public void forgetAll() {
        if (recent != null) {
            recent.invalidateAll();
        }
    }

    private Optional<Changed<A, E>> apply(String id, Function<Optional<A>, Change<A, E>> decide) {
        boolean mayRecall = recent != null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            Stored<A> recalled = mayRecall ? recent.getIfPresent(id) : null;
            Optional<Stored<A>> found = recalled != null ? Optional.of(recalled) : readAndRecall(id);
            Change<A, E> change = decide.apply(found.map(Stored::aggregate));
            if (change == null) {
                return Optional.empty();
            }
            if (change instanceof Change.Moved<A, E> moved) {
                Optional<Stored<A>> written = write(id, found.orElse(null), moved);
                if (written.isPresent()) {
                    return Optional.of(new Changed<>(written.get(), change, found.isEmpty()));
                }
            } else if (recalled == null || onlyWriter) {
                return found.map(stored -> new Changed<>(stored, change, false));
            }
            // Another writer came first, or a recalled copy said no: decide again on what is stored.
            forget(id);
            mayRecall = false;
        }
        throw new ConcurrentChangeException(new OutboxOwner(kind, id).key(), attempts);
    }

    private Optional<Stored<A>> readAndRecall(String id) {
        Optional<Stored<A>> found = store.read(id);
        if (recent != null) {
            found.filter(stored -> keepRecalling.test(stored.aggregate())).ifPresent(stored -> recent.put(id, stored));
        }
        return found;
    }

    /** @return the aggregate as stored now, or empty when another writer came first */
    private Optional<Stored<A>> write(String id, Stored<A> before, Change.Moved<A, E> moved) {
        A next = moved.next();
        if (!id.equals(idOf.apply(next))) {
            throw new IllegalArgumentException("a change of " + id + " cannot store " + idOf.apply(next));
        }
        List<OutboxEntry> entries = new ArrayList<>(moved.events().size());
        for (E event : moved.events()) {
            OutboxEntry entry = encoder.encode(next, event);
            if (entry.value().length > maxRecordBytes) {
                // Stored, it would stand first in its outbox for ever, the broker refusing it and everything after it.
                throw new RecordTooLargeException(new OutboxOwner(kind, id).key() + " would announce a "
                        + entry.topic() + " record of " + entry.value().length + " bytes; the broker takes records of"
                        + " at most " + maxRecordBytes + " bytes");
            }
            entries.add(traced(next, entry));
        }
        long versionBefore = before == null ? OutboxRelay.CREATED : before.version();
        boolean written = before == null ? store.insert(next, entries) : store.update(next, versionBefore, entries);
        if (!written) {
            return Optional.empty();
        }
        Stored<A> after = new Stored<>(next, versionBefore + 1);
        stored(id, before, after, entries);
        return Optional.of(after);
    }

    /** The entry in the trace the aggregate keeps, if it keeps one, else in the trace of this thread. */
    private OutboxEntry traced(A next, OutboxEntry entry) {
        String kept = traceOf == null ? null : traceOf.apply(next);
        return TraceHeaders.within(kept, () -> TraceHeaders.carriedBy(entry));
    }

    /** After a write: recall what is in flight, hand the records to the relay, tell the listeners. */
    private void stored(String id, Stored<A> before, Stored<A> after, List<OutboxEntry> entries) {
        A next = after.aggregate();
        if (recent != null) {
            if (keepRecalling.test(next)) {
                recent.put(id, after);
            } else {
                recent.invalidate(id); // nothing more is coming for it: what is kept is what is in flight
            }
        }
        Instant storedAt = clock.instant();
        List<OutboxRecord> records = entries.stream().map(entry -> entry.toRecord(storedAt)).toList();
        relay.stored(new OutboxOwner(kind, id).key(), before == null ? OutboxRelay.CREATED : before.version(),
                after.version(), records);
        A previous = before == null ? null : before.aggregate();
        onMoved.forEach(listener -> listener.accept(previous, next));
    }

    public static final class Builder<A, E> {

        private final String kind;
        private final Function<A, String> idOf;
        private final AggregateStore<A> store;
        private final EventEncoder<A, E> encoder;
        private final Relay relay;
        private long recallCapacity;
        private Predicate<A> keepRecalling = aggregate -> true;
        private boolean onlyWriter;
        private final List<BiConsumer<A, A>> onMoved = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private int maxRecordBytes = Integer.MAX_VALUE;
        private Function<A, String> traceOf;

        private Builder(String kind, Function<A, String> idOf, AggregateStore<A> store, EventEncoder<A, E> encoder,
                        Relay relay) {
            this.kind = Objects.requireNonNull(kind);
            this.idOf = Objects.requireNonNull(idOf);
            this.store = Objects.requireNonNull(store);
            this.encoder = Objects.requireNonNull(encoder);
            this.relay = Objects.requireNonNull(relay);
        }

        /**
         * Keeps up to {@code capacity} aggregates as this instance stored them, while {@code inFlight} holds of them,
         * so that their next change costs no read. Worth it where an aggregate changes several times in a row
         * (a job task's reports, a run's events).
         */
        public Builder<A, E> recalling(long capacity, Predicate<A> inFlight) {
            this.recallCapacity = capacity;
            this.keepRecalling = Objects.requireNonNull(inFlight);
            return this;
        }

        /**
         * Says that while this instance recalls an aggregate, nobody else writes it (it is, say, the consumer of the
         * partition that every change of it comes through, and {@link #forgetAll} runs when partitions move): a
         * recalled copy is then what is stored, and a decision that writes nothing is believed on it without a read.
         * Writes are still guarded, for the moment of a rebalance when two instances may briefly both consume.
         */
        public Builder<A, E> asTheOnlyWriter() {
            this.onlyWriter = true;
            return this;
        }

        /** Told of every stored move, with the aggregate before (null when it was created) and after. */
        public Builder<A, E> onMoved(BiConsumer<A, A> listener) {
            this.onMoved.add(Objects.requireNonNull(listener));
            return this;
        }

        /** The largest record the broker takes: a change that would announce a larger one writes nothing. */
        public Builder<A, E> maxRecordBytes(int maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        /**
         * Sends every record of an aggregate in the trace it keeps ({@code traceparentOf}, null for none), whichever
         * thread changes it: for an aggregate that a record in a trace created and that goes on changing after that
         * thread moved on (a job's process ends, a watch sees it, a restart recovers it), so the trace goes on too.
         * An aggregate that keeps none is changed in the trace of the thread that changes it, as without this.
         */
        public Builder<A, E> continuingTrace(Function<A, String> traceparentOf) {
            this.traceOf = Objects.requireNonNull(traceparentOf);
            return this;
        }

        public Builder<A, E> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public AggregateChanges<A, E> build() {
            return new AggregateChanges<>(this);
        }
    }
}

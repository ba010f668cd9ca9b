package io.mflow.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writers sharing commits: each change applied is "committed" when a commit that started after it has finished. */
class GroupCommitTest {

    final AtomicLong applied = new AtomicLong();
    final AtomicLong committed = new AtomicLong();
    final AtomicInteger commits = new AtomicInteger();
    final ExecutorService writers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    @Test
    void everyWriterReturnsOnlyOnceACommitIncludesItsChange() throws Exception {
        GroupCommit group = new GroupCommit(() -> {
            long snapshot = applied.get();
            Thread.yield(); // let writers apply more while this commit runs, as they do while MVStore writes
            committed.set(snapshot);
        });
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            running.add(writers.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    long change = applied.incrementAndGet();
                    group.awaitCommitted();
                    assertThat(committed.get()).isGreaterThanOrEqualTo(change);
                }
                return null;
            }));
        }
        for (Future<?> writer : running) {
            writer.get();
        }
        assertThat(committed.get()).isEqualTo(16_000);
    }

    @Test
    void writersArrivingDuringACommitShareTheNextOne() throws Exception {
        CountDownLatch firstCommitMayEnd = new CountDownLatch(1);
        GroupCommit group = new GroupCommit(() -> {
            if (commits.incrementAndGet() == 1) {
                hold(firstCommitMayEnd);
            }
        });
        Future<?> first = writers.submit(group::awaitCommitted);
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.get() == 1);

        List<Thread> waiting = new ArrayList<>();
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                group.awaitCommitted();
                done.complete(null);
            });
            writer.start();
            waiting.add(writer);
            later.add(done);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        firstCommitMayEnd.countDown();

        first.get();
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get();
        assertThat(commits).hasValue(2);
    }

    @Test
    void whenACommitFailsItsWriterSeesTheErrorAndAWaitingWriterCommitsAgain() throws Exception {
        CountDownLatch firstCommitMayFail = new CountDownLatch(1);
        GroupCommit group = new GroupCommit(() -> {
            if (commits.incrementAndGet() == 1) {
                hold(firstCommitMayFail);
                throw new IllegalStateException("disk full");
            }
        });
        Future<?> first = writers.submit(group::awaitCommitted);
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.get() == 1);
        CompletableFuture<Void> second = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            group.awaitCommitted();
            second.complete(null);
        });
        writer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.getState() == Thread.State.WAITING);

        firstCommitMayFail.countDown();

        assertThatThrownBy(first::get).hasRootCauseMessage("disk full");
        second.get();
        assertThat(commits).hasValue(2);
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.mflow.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mflow.notify.adapter.mongo.MongoSubscribers;
import io.mflow.notify.adapter.mongo.MongoSubscriptionHistory;
import io.mflow.notify.app.ForgetSubscriptions;
import io.mflow.notify.app.NoteRunEnds;
import io.mflow.notify.app.RecordSubscribers;
import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.Notice;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import io.mflow.notify.domain.TaskChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A run's subscriptions are removed once it ended longer ago than the runs' max age and a day, on the real store, and
 * only then: a run still going keeps them however old, and so does every approval.
 */
class SubscriptionRetentionIT {

    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final Duration RUNS_MAX_AGE = Duration.ofDays(30);

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(server.bindAndGetConnectionString());
    private final MongoTemplate mongo = new MongoTemplate(client, "mflow-notify");
    private final MongoSubscribers subscribers = new MongoSubscribers(mongo);
    private final MongoSubscriptionHistory history = new MongoSubscriptionHistory(mongo);
    private final MongoCollection<Document> stored = mongo.getCollection(MongoSubscriptionHistory.COLLECTION);

    @AfterEach
    void stop() {
        client.close();
        server.shutdown();
    }

    /** A run's plan as notify-service stores it: the pipeline task's own subscriber, and two job tasks'. */
    private void planned(String run) {
        Subscription hook = Subscription.webhook(0, ChannelType.GENERIC, "enc:v1:sealed-url",
                "https://hooks.example.com/a", Subscription.endpointIdOf("https://hooks.example.com/a"), List.of(),
                Map.of(), null);
        new RecordSubscribers(subscribers).record(List.of(
                new Subscriber(run, Notice.Subject.PIPELINE_TASK, run, "ship", null, Map.of(), List.of(hook), Map.of()),
                new Subscriber(run + "-build", Notice.Subject.JOB_TASK, run, "ship", "build", Map.of(), List.of(hook),
                        Map.of()),
                new Subscriber(run + "-test", Notice.Subject.JOB_TASK, run, "ship", "test", Map.of(), List.of(),
                        Map.of())));
    }

    private void jobPlannedOnItsOwn(String jobTask) {
        new RecordSubscribers(subscribers).record(List.of(new Subscriber(jobTask, Notice.Subject.JOB_TASK, null, null,
                "build", Map.of(), List.of(), Map.of())));
    }

    private static TaskChange runMoved(String run, String previousStage, String stage) {
        return new TaskChange(run + ":" + stage, Notice.Subject.PIPELINE_TASK, stage, null, null, run, null, stage,
                previousStage, null, "vera", null, NOW, 0, List.of());
    }

    private static TaskChange jobMoved(String jobTask, String pipelineTask, String previousStage, String stage) {
        return new TaskChange(jobTask + ":" + stage, Notice.Subject.JOB_TASK, stage, jobTask, "build", pipelineTask,
                null, stage, previousStage, null, "vera", null, NOW, 1, List.of());
    }

    /** What the listener does with a change, as heard {@code daysAgo} before now. */
    private void heard(TaskChange change, int daysAgo) {
        new NoteRunEnds(history, Clock.fixed(NOW.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC)).note(change);
    }

    private int sweep(int batch) {
        return new ForgetSubscriptions(history, RUNS_MAX_AGE, batch, Clock.systemUTC()).sweepAt(NOW);
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        stored.find().forEach(doc -> ids.add(doc.getString("_id")));
        return ids;
    }

    @Test
    void aRunThatEndedLongerAgoThanTheRunsMaxAgeAndADayLosesAllItsSubscriptionsAndYoungerOnesKeepThem() {
        planned("pt-old");
        planned("pt-young");
        heard(runMoved("pt-old", "ACTIVE", "SUCCEEDED"), 32);
        heard(runMoved("pt-young", "ACTIVE", "FAILED"), 30);

        assertThat(sweep(500)).isEqualTo(1);

        assertThat(ids()).containsExactlyInAnyOrder("pt-young", "pt-young-build", "pt-young-test");
        assertThat(subscribers.of("pt-old-build")).isEmpty();
        // a late change of the young run still finds who to tell
        assertThat(subscribers.of("pt-young-build")).isPresent();
    }

    @Test
    void aRunStillGoingKeepsItsSubscriptionsHoweverOld() {
        planned("pt-going");
        // its job tasks ended long ago, the run did not
        heard(jobMoved("pt-going-build", "pt-going", "ACTIVE", "FAILED"), 90);
        heard(jobMoved("pt-going-test", "pt-going", "ACTIVE", "SUCCEEDED"), 90);

        assertThat(sweep(500)).isZero();

        assertThat(ids()).containsExactlyInAnyOrder("pt-going", "pt-going-build", "pt-going-test");
    }

    @Test
    void aRunThatEndedLongAgoAndWasResumedIsGoingAgainAndKeepsThem() {
        planned("pt-retried");
        heard(runMoved("pt-retried", "ACTIVE", "FAILED"), 60);
        heard(runMoved("pt-retried", "FAILED", "ACTIVE"), 59);

        sweep(500);
        assertThat(ids()).containsExactlyInAnyOrder("pt-retried", "pt-retried-build", "pt-retried-test");

        // it ends again: its age counts from the new end
        heard(runMoved("pt-retried", "ACTIVE", "FAILED"), 10);
        sweep(500);
        assertThat(ids()).hasSize(3);
    }

    @Test
    void aJobTaskOfARunSayingItEndedOnItsOwnDoesNotRemoveItsRunsSubscriptions() {
        planned("pt-1");
        // a job task of a pipeline with no pipeline task named: not a run of its own, nothing is noted
        heard(jobMoved("pt-1-build", null, "ACTIVE", "SUCCEEDED"), 60);

        assertThat(sweep(500)).isZero();
        assertThat(ids()).hasSize(3);
    }

    @Test
    void aJobRunOnItsOwnLosesItsSubscriptionOnceItEndedLongEnoughAgo() {
        jobPlannedOnItsOwn("jt-old");
        jobPlannedOnItsOwn("jt-going");
        heard(jobMoved("jt-old", null, "ACTIVE", "SUCCEEDED"), 40);
        heard(jobMoved("jt-going", null, "PENDING", "ACTIVE"), 40);

        assertThat(sweep(500)).isEqualTo(1);
        assertThat(ids()).containsExactly("jt-going");
    }

    @Test
    void anApprovalOfAnOldRunKeepsItsRobotsAndPeople() {
        planned("pt-released");
        subscribers.save(new Subscriber("ap-1", Notice.Subject.APPROVAL, "pt-released", "ship", null, Map.of(),
                List.of(), Map.of()));
        heard(runMoved("pt-released", "ACTIVE", "SUCCEEDED"), 60);
        // the approval's id is never a run's: noting it ended changes nothing
        heard(runMoved("ap-1", "ACTIVE", "SUCCEEDED"), 60);

        sweep(500);

        assertThat(ids()).containsExactly("ap-1");
        assertThat(subscribers.of("ap-1")).isPresent();
    }

    @Test
    void oneSweepRemovesAtMostItsBatchOfRunsOldestFirstAndReplicasSweepingAtOnceRemoveEachOnce() {
        for (int day = 40; day < 45; day++) {
            planned("pt-" + day);
            heard(runMoved("pt-" + day, "ACTIVE", "SUCCEEDED"), day);
        }

        assertThat(sweep(2)).isEqualTo(2);
        assertThat(ids()).noneMatch(id -> id.startsWith("pt-44") || id.startsWith("pt-43")).hasSize(9);
        assertThat(sweep(3) + sweep(3)).isEqualTo(3);
        assertThat(ids()).isEmpty();
        assertThat(sweep(500)).isZero();
    }

    @Test
    void aSweepThatStoppedHalfwayIsFinishedByTheNext() {
        planned("pt-half");
        heard(runMoved("pt-half", "ACTIVE", "CANCELED"), 45);
        stored.deleteOne(new Document("_id", "pt-half-build")); // a crash after part of its job tasks went

        assertThat(sweep(500)).isEqualTo(1);
        assertThat(ids()).isEmpty();
    }
}

package io.mflow.notify.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.Notice;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnownPlansTest {

    private static final Subscription HOOK = Subscription.webhook(0, ChannelType.GENERIC, "enc:v1:sealed-url",
            "https://hooks.example.com/a", Subscription.endpointIdOf("https://hooks.example.com/a"), List.of("FAILED"),
            Map.of(), null);

    private final FirstCopyStore store = new FirstCopyStore();
    private final KnownPlans plans = new KnownPlans(store, 100);
    private final RecordSubscribers record = new RecordSubscribers(plans);

    private static Subscriber jobTask(String id, Subscription... subscriptions) {
        return new Subscriber(id, Notice.Subject.JOB_TASK, "pt-1", "ship", id, Map.of(), List.of(subscriptions),
                Map.of());
    }

    @Test
    void theChangesOfAPlansJobTasksAreMatchedWithoutReadingTheStore() {
        record.record(List.of(jobTask("jt-quiet"), jobTask("jt-loud", HOOK)));

        assertThat(plans.of("jt-quiet")).map(Subscriber::subscriptions).contains(List.of());
        assertThat(plans.of("jt-loud")).map(Subscriber::subscriptions).contains(List.of(HOOK));
        assertThat(store.lookups).isEmpty();
    }

    @Test
    void aPlanStoredBeforeStaysWhatCountsEvenWhenAnotherCopySaysOtherwise() {
        store.saved.put("jt-1", jobTask("jt-1", HOOK)); // stored by this or another instance before

        record.record(List.of(jobTask("jt-1")));

        assertThat(plans.of("jt-1")).map(Subscriber::subscriptions).contains(List.of(HOOK));
        assertThat(store.lookups).containsExactly("jt-1");
    }

    @Test
    void anApprovalSavedAgainIsReadAsItStandsNowWithoutReadingTheStore() {
        plans.save(jobTask("ap-1", HOOK));

        plans.save(jobTask("ap-1"));

        assertThat(plans.of("ap-1")).map(Subscriber::subscriptions).contains(List.of());
        assertThat(store.saved.get("ap-1").subscriptions()).isEmpty();
        assertThat(store.lookups).isEmpty();
    }

    private static final class FirstCopyStore implements Subscribers {
        final Map<String, Subscriber> saved = new HashMap<>();
        final List<String> lookups = new ArrayList<>();

        @Override
        public Set<String> saveAllIfAbsent(List<Subscriber> plan) {
            Set<String> stored = new HashSet<>();
            plan.forEach(jobTask -> {
                if (saved.putIfAbsent(jobTask.ownerId(), jobTask) == null) {
                    stored.add(jobTask.ownerId());
                }
            });
            return stored;
        }

        @Override
        public void save(Subscriber subscriber) {
            saved.put(subscriber.ownerId(), subscriber);
        }

        @Override
        public Optional<Subscriber> of(String jobTaskId) {
            lookups.add(jobTaskId);
            return Optional.ofNullable(saved.get(jobTaskId));
        }
    }
}

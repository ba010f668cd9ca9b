package io.mflow.notify.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.notify.domain.JobTaskSubscriptions;
import io.mflow.notify.domain.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KnownPlansTest {

    private final CountingStore store = new CountingStore();
    private final KnownPlans plans = new KnownPlans(store, 100);
    private final RecordSubscriptions record = new RecordSubscriptions(plans);

    private static JobTaskSubscriptions jobTask(String id, Subscription... subscriptions) {
        return new JobTaskSubscriptions(id, "pt-1", List.of(subscriptions));
    }

    @Test
    void aChangeOfAJobTaskItsPlanSubscribedToNothingCostsNoRead() {
        record.record(List.of(jobTask("jt-quiet")));

        assertThat(plans.of("jt-quiet")).isEmpty();
        assertThat(store.lookups).isEmpty();
        assertThat(store.saved).isEmpty();
    }

    @Test
    void aSubscribedJobTaskIsStoredAndAnsweredFromThePlan() {
        Subscription hook = new Subscription("https://hooks.example.com/a", List.of("FAILED"), Map.of());
        record.record(List.of(jobTask("jt-loud", hook)));

        assertThat(plans.of("jt-loud")).map(JobTaskSubscriptions::subscriptions).contains(List.of(hook));
        assertThat(store.saved).containsKey("jt-loud");
        assertThat(store.lookups).isEmpty();
    }

    @Test
    void aJobTaskWhosePlanThisInstanceDidNotReadIsLookedUp() {
        Subscription hook = new Subscription("https://hooks.example.com/a", List.of(), Map.of());
        store.saved.put("jt-other", jobTask("jt-other", hook));

        assertThat(plans.of("jt-other")).isPresent();
        assertThat(store.lookups).containsExactly("jt-other");
    }

    private static final class CountingStore implements Subscriptions {
        final Map<String, JobTaskSubscriptions> saved = new HashMap<>();
        final List<String> lookups = new ArrayList<>();

        @Override
        public void saveIfAbsent(JobTaskSubscriptions subscriptions) {
            saved.putIfAbsent(subscriptions.jobTaskId(), subscriptions);
        }

        @Override
        public Optional<JobTaskSubscriptions> of(String jobTaskId) {
            lookups.add(jobTaskId);
            return Optional.ofNullable(saved.get(jobTaskId));
        }
    }
}

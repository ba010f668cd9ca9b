package io.mflow.notify.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.mflow.notify.domain.JobTaskSubscriptions;
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

    private static final Subscription HOOK = new Subscription("https://hooks.example.com/a", List.of("FAILED"), Map.of());

    private final FirstCopyStore store = new FirstCopyStore();
    private final KnownPlans plans = new KnownPlans(store, 100);
    private final RecordSubscriptions record = new RecordSubscriptions(plans);

    private static JobTaskSubscriptions jobTask(String id, Subscription... subscriptions) {
        return new JobTaskSubscriptions(id, "pt-1", List.of(subscriptions));
    }

    @Test
    void theChangesOfAPlansJobTasksAreMatchedWithoutReadingTheStore() {
        record.record(List.of(jobTask("jt-quiet"), jobTask("jt-loud", HOOK)));

        assertThat(plans.of("jt-quiet")).map(JobTaskSubscriptions::subscriptions).contains(List.of());
        assertThat(plans.of("jt-loud")).map(JobTaskSubscriptions::subscriptions).contains(List.of(HOOK));
        assertThat(store.lookups).isEmpty();
    }

    @Test
    void aPlanStoredBeforeStaysWhatCountsEvenWhenAnotherCopySaysOtherwise() {
        store.saved.put("jt-1", jobTask("jt-1", HOOK)); // stored by this or another instance before

        record.record(List.of(jobTask("jt-1")));

        assertThat(plans.of("jt-1")).map(JobTaskSubscriptions::subscriptions).contains(List.of(HOOK));
        assertThat(store.lookups).containsExactly("jt-1");
    }

    private static final class FirstCopyStore implements Subscriptions {
        final Map<String, JobTaskSubscriptions> saved = new HashMap<>();
        final List<String> lookups = new ArrayList<>();

        @Override
        public Set<String> saveAllIfAbsent(List<JobTaskSubscriptions> plan) {
            Set<String> stored = new HashSet<>();
            plan.forEach(jobTask -> {
                if (saved.putIfAbsent(jobTask.jobTaskId(), jobTask) == null) {
                    stored.add(jobTask.jobTaskId());
                }
            });
            return stored;
        }

        @Override
        public Optional<JobTaskSubscriptions> of(String jobTaskId) {
            lookups.add(jobTaskId);
            return Optional.ofNullable(saved.get(jobTaskId));
        }
    }
}

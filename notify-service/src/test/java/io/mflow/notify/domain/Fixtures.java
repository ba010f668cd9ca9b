package io.mflow.notify.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    private Fixtures() {
    }

    static StatusChange change(String previousStage, String stage) {
        return new StatusChange("jt-1#3", "jt-1", "build", "pt-1", "compile", previousStage, stage, "exit 0",
                Instant.parse("2026-11-25T05:59:58.123Z"));
    }

    static Subscription subscribedTo(String... events) {
        return new Subscription("https://hooks.example.com/a?access_token=s3cret", List.of(events),
                Map.of("Authorization", "enc:v1:sealed"));
    }

    static JobTaskSubscriptions jobTaskWith(Subscription... subscriptions) {
        return new JobTaskSubscriptions("jt-1", "pt-1", List.of(subscriptions));
    }
}

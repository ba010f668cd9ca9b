package io.mflow.notify.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    private Fixtures() {
    }

    static TaskChange change(String previousStage, String stage) {
        return new TaskChange("jt-1:3", Notice.Subject.JOB_TASK, stage, "jt-1", "build", "pt-1", "compile", stage,
                previousStage, "exit 0", "vera", Instant.parse("2026-11-25T05:58:28Z"),
                Instant.parse("2026-11-25T05:59:58.123Z"), 1, List.of());
    }

    static TaskChange auditWaiting(String... deciders) {
        return new TaskChange("jt-1:1", Notice.Subject.JOB_TASK, Notice.AUDIT_WAITING, "jt-1", "build", "pt-1",
                "compile", null, null, null, "vera", null, NOW, 0, List.of(deciders));
    }

    static Subscription subscribedTo(String... events) {
        return Subscription.webhook(0, ChannelType.GENERIC, "enc:v1:sealed-url",
                "https://hooks.example.com/a?access_token=******",
                Subscription.endpointIdOf("https://hooks.example.com/a?access_token=s3cret"), List.of(events),
                Map.of("Authorization", "enc:v1:sealed"), null);
    }

    static Subscriber jobTaskWith(Subscription... subscriptions) {
        List<Subscription> keyed = new java.util.ArrayList<>();
        for (int i = 0; i < subscriptions.length; i++) {
            Subscription s = subscriptions[i];
            keyed.add(s.isMention() ? s : Subscription.webhook(i, s.channel(), s.url(), s.shownUrl(), s.endpointId(),
                    s.events(), s.sealedHeaders(), s.sealedSecret()));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("GOAL", "package");
        params.put("DB_PASSWORD", "******");
        return new Subscriber("jt-1", Notice.Subject.JOB_TASK, "pt-1", "ship", "build", params, keyed,
                Map.of("alice", "enc:v1:alice-address", "bob", "enc:v1:bob-address"));
    }

    static Notice notice(TaskChange change) {
        return jobTaskWith().notice(change, "https://mflow.example.com/");
    }
}

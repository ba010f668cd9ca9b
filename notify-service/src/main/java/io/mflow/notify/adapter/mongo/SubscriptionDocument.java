package io.mflow.notify.adapter.mongo;

import io.mflow.notify.domain.JobTaskSubscriptions;
import io.mflow.notify.domain.Subscription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The webhooks of one job task. Header values are stored sealed, as a list because header names may hold dots. */
@Document("subscriptions")
record SubscriptionDocument(@Id String jobTaskId, String pipelineTaskId, List<Webhook> webhooks) {

    record Webhook(String url, List<String> events, List<Header> headers) {
    }

    record Header(String name, String sealedValue) {
    }

    static SubscriptionDocument from(JobTaskSubscriptions jobTask) {
        return new SubscriptionDocument(jobTask.jobTaskId(), jobTask.pipelineTaskId(), jobTask.subscriptions().stream()
                .map(s -> new Webhook(s.url(), s.events(), s.sealedHeaders().entrySet().stream()
                        .map(h -> new Header(h.getKey(), h.getValue())).toList()))
                .toList());
    }

    JobTaskSubscriptions toDomain() {
        return new JobTaskSubscriptions(jobTaskId, pipelineTaskId, webhooks.stream()
                .map(w -> new Subscription(w.url(), w.events(), headers(w.headers())))
                .toList());
    }

    private static Map<String, String> headers(List<Header> headers) {
        Map<String, String> map = new LinkedHashMap<>();
        headers.forEach(h -> map.put(h.name(), h.sealedValue()));
        return map;
    }
}

package io.mflow.notify.adapter.mongo;

import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.Notice;
import io.mflow.notify.domain.Subscriber;
import io.mflow.notify.domain.Subscription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One subscriber (a job task, or a pipeline task for its own changes) with its subscriptions and what its notices
 * show. Header values, secrets and contacts are stored sealed; maps are stored as lists because their keys (header
 * names, param names) may hold dots. Documents written before pipeline-level notices have no {@code subject}: they
 * are job tasks.
 */
@Document("subscriptions")
record SubscriptionDocument(@Id String ownerId, String subject, String pipelineTaskId, String pipelineName,
                            String taskName, List<Pair> params, List<Webhook> webhooks, List<Pair> contacts) {

    record Webhook(String key, String channel, String url, String user, List<String> events, List<Pair> headers,
                   String secret) {
    }

    record Pair(String name, String value) {
    }

    static SubscriptionDocument from(Subscriber s) {
        return new SubscriptionDocument(s.ownerId(), s.subject().name(), s.pipelineTaskId(), s.pipelineName(),
                s.taskName(), pairs(s.shownParams()), s.subscriptions().stream()
                .map(w -> new Webhook(w.key(), w.channel().name(), w.url(), w.user(), w.events(),
                        pairs(w.sealedHeaders()), w.sealedSecret()))
                .toList(), pairs(s.sealedContacts()));
    }

    Subscriber toDomain() {
        List<Webhook> stored = webhooks == null ? List.of() : webhooks;
        return new Subscriber(ownerId, subject == null ? Notice.Subject.JOB_TASK : Notice.Subject.valueOf(subject),
                pipelineTaskId, pipelineName, taskName, map(params), java.util.stream.IntStream.range(0, stored.size())
                .mapToObj(i -> {
                    Webhook w = stored.get(i);
                    return new Subscription(w.key() == null ? "webhook-" + i : w.key(),
                            w.channel() == null ? ChannelType.GENERIC : ChannelType.valueOf(w.channel()), w.url(),
                            w.user(), w.events(), map(w.headers()), w.secret());
                })
                .toList(), map(contacts));
    }

    private static List<Pair> pairs(Map<String, String> map) {
        return map.entrySet().stream().map(e -> new Pair(e.getKey(), e.getValue())).toList();
    }

    private static Map<String, String> map(List<Pair> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        if (pairs != null) {
            pairs.forEach(p -> map.put(p.name(), p.value()));
        }
        return map;
    }
}

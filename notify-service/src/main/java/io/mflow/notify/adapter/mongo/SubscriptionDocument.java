package io.mflow.notify.adapter.mongo;

import io.mflow.notify.domain.ChannelType;
import io.mflow.platform.net.ShownUrls;
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

    /**
     * {@code url} sealed; {@code shownUrl} and {@code endpointId} absent in documents from before urls were sealed,
     * whose {@code url} is plain and tells both.
     */
    record Webhook(String key, String channel, String url, String shownUrl, String endpointId, String user,
                   List<String> events, List<Pair> headers, String secret) {
    }

    record Pair(String name, String value) {
    }

    static SubscriptionDocument from(Subscriber s) {
        return new SubscriptionDocument(s.ownerId(), s.subject().name(), s.pipelineTaskId(), s.pipelineName(),
                s.taskName(), pairs(s.shownParams()), s.subscriptions().stream()
                .map(w -> new Webhook(w.key(), w.channel().name(), w.url(), w.shownUrl(), w.endpointId(), w.user(),
                        w.events(), pairs(w.sealedHeaders()), w.sealedSecret()))
                .toList(), pairs(s.sealedContacts()));
    }

    Subscriber toDomain() {
        List<Webhook> stored = webhooks == null ? List.of() : webhooks;
        return new Subscriber(ownerId, subject == null ? Notice.Subject.JOB_TASK : Notice.Subject.valueOf(subject),
                pipelineTaskId, pipelineName, taskName, map(params), java.util.stream.IntStream.range(0, stored.size())
                .mapToObj(i -> {
                    Webhook w = stored.get(i);
                    ChannelType channel = w.channel() == null ? ChannelType.GENERIC : ChannelType.valueOf(w.channel());
                    String key = w.key() == null ? "webhook-" + i : w.key();
                    if (channel == ChannelType.EMAIL) {
                        return new Subscription(key, channel, null, null, endpointOf(w), w.user(), w.events(),
                                Map.of(), null);
                    }
                    return new Subscription(key, channel, w.url(),
                            w.shownUrl() == null ? ShownUrls.shown(w.url()) : w.shownUrl(), endpointOf(w), w.user(),
                            w.events(), map(w.headers()), w.secret());
                })
                .toList(), map(contacts));
    }

    private static String endpointOf(Webhook w) {
        if (w.endpointId() != null) {
            return w.endpointId();
        }
        return Subscription.endpointIdOf(w.url() == null ? "mailto:" + w.user() : w.url());
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

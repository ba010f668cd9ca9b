package io.mflow.notify.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.mflow.notify.adapter.kafka.DeliveryRecords;
import io.mflow.notify.adapter.kafka.EndpointRecords;
import io.mflow.notify.adapter.mail.MailMention;
import io.mflow.notify.adapter.metrics.SettledDeliveries;
import io.mflow.notify.adapter.mongo.MongoDeliveries;
import io.mflow.notify.adapter.mongo.MongoEndpoints;
import io.mflow.notify.adapter.mongo.MongoPendingDeliveries;
import io.mflow.notify.adapter.mongo.MongoSubscribers;
import io.mflow.notify.adapter.mongo.MongoSubscriptionHistory;
import io.mflow.notify.adapter.webhook.CommitStatusApi;
import io.mflow.notify.adapter.webhook.DingTalkRobot;
import io.mflow.notify.adapter.webhook.FeishuRobot;
import io.mflow.notify.adapter.webhook.GenericWebhook;
import io.mflow.notify.adapter.webhook.HttpCall;
import io.mflow.notify.adapter.webhook.SlackRobot;
import io.mflow.notify.adapter.webhook.WeComRobot;
import io.mflow.notify.adapter.webhook.WebhookChannels;
import io.mflow.notify.app.AttemptDelivery;
import io.mflow.notify.app.Channels;
import io.mflow.notify.app.ForgetDeliveries;
import io.mflow.notify.app.ForgetSubscriptions;
import io.mflow.notify.app.KnownPlans;
import io.mflow.notify.app.ListDeliveries;
import io.mflow.notify.app.ManageEndpoints;
import io.mflow.notify.app.NoteRunEnds;
import io.mflow.notify.app.NotifyOfApproval;
import io.mflow.notify.app.NotifyOfChange;
import io.mflow.notify.app.PendingDeliveries;
import io.mflow.notify.app.RecordSubscribers;
import io.mflow.notify.app.SendDueDeliveries;
import io.mflow.notify.app.Subscribers;
import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.Delivery;
import io.mflow.notify.domain.DeliveryPolicy;
import io.mflow.notify.domain.DeliverySettled;
import io.mflow.notify.domain.Endpoint;
import io.mflow.notify.domain.EndpointEvent;
import io.mflow.platform.aggregate.AggregateChanges;
import io.mflow.platform.net.OutboundAddresses;
import io.mflow.platform.outbox.MongoOutboxes;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.platform.outbox.OutboxStore;
import io.mflow.platform.sweep.Sweep;
import io.mflow.schemas.sealed.SealedValues;
import io.mflow.schemas.serde.AvroSerializer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class NotifyConfiguration {

    /** More tasks than one instance has in flight at once; a task without subscriptions takes a few bytes. */
    private static final long KNOWN_SUBSCRIBERS = 20_000;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SealedValues sealedValues(@Value("${mflow.secret-key:}") String secretKey) {
        return new SealedValues(secretKey);
    }

    @Bean
    DeliveryPolicy deliveryPolicy(NotifyProperties properties) {
        NotifyProperties notify = properties;
        return new DeliveryPolicy(notify.maxAttempts(), notify.firstBackoff(), 2, notify.requestTimeout());
    }

    @Bean
    Subscribers subscribers(MongoTemplate mongo) {
        return new KnownPlans(new MongoSubscribers(mongo), KNOWN_SUBSCRIBERS);
    }

    @Bean
    MongoDeliveries mongoDeliveries(MongoTemplate mongo) {
        return new MongoDeliveries(mongo);
    }

    /**
     * Retention: records of deliveries settled longer than {@code mflow.retention.deliveries.max-age} (30 days) ago
     * are removed, at most {@code mflow.retention.batch} every {@code mflow.retention.sweep-every}, in every replica.
     */
    @Bean
    ForgetDeliveries forgetDeliveries(MongoDeliveries deliveries, Clock clock,
            @Value("${mflow.retention.deliveries.max-age:30d}") Duration maxAge,
            @Value("${mflow.retention.batch:500}") int batch) {
        return new ForgetDeliveries(deliveries, maxAge, batch, clock);
    }

    @Bean
    MongoSubscriptionHistory subscriptionHistory(MongoTemplate mongo) {
        return new MongoSubscriptionHistory(mongo);
    }

    @Bean
    NoteRunEnds noteRunEnds(MongoSubscriptionHistory history, Clock clock) {
        return new NoteRunEnds(history, clock);
    }

    /**
     * Retention: the subscriptions of runs that ended longer than {@code mflow.retention.runs.max-age} (30 days) and
     * a day ago, at most {@code mflow.retention.batch} runs every {@code mflow.retention.sweep-every}, in every replica.
     */
    @Bean
    ForgetSubscriptions forgetSubscriptions(MongoSubscriptionHistory history, Clock clock,
            @Value("${mflow.retention.runs.max-age:30d}") Duration maxAge,
            @Value("${mflow.retention.batch:500}") int batch) {
        return new ForgetSubscriptions(history, maxAge, batch, clock);
    }

    @Bean
    Sweep retentionSweep(ForgetDeliveries forgetDeliveries, ForgetSubscriptions forgetSubscriptions,
            @Value("${mflow.retention.sweep-every:10m}") Duration every) {
        return new Sweep("retention", () -> {
            forgetDeliveries.sweep();
            forgetSubscriptions.sweep();
        }, every);
    }

    @Bean
    MongoEndpoints mongoEndpoints(MongoTemplate mongo) {
        return new MongoEndpoints(mongo);
    }

    /** The outboxes of settled deliveries and of endpoints; the platform creates the relay that sends them. */
    @Bean
    OutboxStore notifyOutboxes(MongoTemplate mongo) {
        return new MongoOutboxes(mongo.getDb(), List.of(MongoDeliveries.COLLECTION, MongoEndpoints.COLLECTION));
    }

    @Bean
    AggregateChanges<Delivery, DeliverySettled> deliveries(MongoDeliveries store, KafkaProperties kafka,
            OutboxRelay relay, MeterRegistry meters) {
        return AggregateChanges.of(MongoDeliveries.COLLECTION, Delivery::id, store,
                new DeliveryRecords(AvroSerializer.configuredBy(kafka.getProperties())), relay)
                .onMoved(new SettledDeliveries(meters)).build();
    }

    @Bean
    AggregateChanges<Endpoint, EndpointEvent> endpoints(MongoEndpoints store, KafkaProperties kafka,
            OutboxRelay relay) {
        return AggregateChanges.of(MongoEndpoints.COLLECTION, Endpoint::id, store,
                new EndpointRecords(AvroSerializer.configuredBy(kafka.getProperties())), relay).build();
    }

    @Bean
    PendingDeliveries pendingDeliveries(MongoTemplate mongo) {
        return new MongoPendingDeliveries(mongo);
    }

    @Bean
    Channels channels(NotifyProperties properties, SealedValues sealed, JsonMapper json, JavaMailSender mail,
            Clock clock) {
        NotifyProperties notify = properties;
        HttpCall http = new HttpCall(OutboundAddresses.allowing(notify.allowedPrivateNetworks()), sealed,
                notify.requestTimeout(), notify.senders());
        return new WebhookChannels(Map.of(
                ChannelType.GENERIC, new GenericWebhook(http, json, clock),
                ChannelType.FEISHU, new FeishuRobot(http, json, clock),
                ChannelType.DINGTALK, new DingTalkRobot(http, json, clock),
                ChannelType.WECOM, new WeComRobot(http, json),
                ChannelType.SLACK, new SlackRobot(http, json),
                ChannelType.EMAIL, new MailMention(mail, sealed, notify.mailFrom()),
                ChannelType.GITLAB_STATUS, new CommitStatusApi(ChannelType.GITLAB_STATUS, http, json),
                ChannelType.GITHUB_STATUS, new CommitStatusApi(ChannelType.GITHUB_STATUS, http, json)));
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService notifySenders(NotifyProperties properties) {
        int senders = properties.senders();
        return new ThreadPoolExecutor(senders, senders, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new CustomizableThreadFactory("notify-sender-"));
    }

    @Bean
    AttemptDelivery attemptDelivery(PendingDeliveries pending, MongoDeliveries settled,
            AggregateChanges<Delivery, DeliverySettled> deliveries, AggregateChanges<Endpoint, EndpointEvent> endpoints,
            Subscribers subscribers, Channels channels, DeliveryPolicy policy, Clock clock) {
        return new AttemptDelivery(pending, settled, deliveries, endpoints, subscribers, channels, policy, clock);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    SendDueDeliveries sendDueDeliveries(PendingDeliveries pending, AttemptDelivery attempt,
            ExecutorService notifySenders, DeliveryPolicy policy, NotifyProperties properties, Clock clock) {
        return new SendDueDeliveries(pending, attempt, notifySenders, properties.senders(), policy,
                properties.perEndpoint(),
                properties.pollInterval(), clock);
    }

    @Bean
    RecordSubscribers recordSubscribers(Subscribers subscribers) {
        return new RecordSubscribers(subscribers);
    }

    @Bean
    NotifyOfChange notifyOfChange(Subscribers subscribers, PendingDeliveries pending, MongoDeliveries settled,
            SendDueDeliveries senders, NotifyProperties properties, Clock clock) {
        return new NotifyOfChange(subscribers, pending, settled, senders, properties.baseUrl(), clock);
    }

    @Bean
    NotifyOfApproval notifyOfApproval(Subscribers subscribers, PendingDeliveries pending, MongoDeliveries settled,
            SendDueDeliveries senders, Clock clock) {
        return new NotifyOfApproval(subscribers, pending, settled, senders, clock);
    }

    @Bean
    ListDeliveries listDeliveries(MongoDeliveries settled) {
        return new ListDeliveries(settled);
    }

    @Bean
    ManageEndpoints manageEndpoints(MongoEndpoints all, AggregateChanges<Endpoint, EndpointEvent> endpoints,
            Clock clock) {
        return new ManageEndpoints(all, endpoints, clock);
    }
}

package io.mflow.notify.config;

import io.mflow.notify.adapter.kafka.AvroNotifyRecords;
import io.mflow.notify.adapter.mail.MailMention;
import io.mflow.notify.adapter.mongo.MongoEndpoints;
import io.mflow.notify.adapter.mongo.MongoPendingDeliveries;
import io.mflow.notify.adapter.mongo.MongoSettledDeliveries;
import io.mflow.notify.adapter.mongo.MongoSubscribers;
import io.mflow.notify.adapter.mongo.NotifyOutboxes;
import io.mflow.notify.adapter.webhook.DingTalkRobot;
import io.mflow.notify.adapter.webhook.FeishuRobot;
import io.mflow.notify.adapter.webhook.GenericWebhook;
import io.mflow.notify.adapter.webhook.HttpCall;
import io.mflow.notify.adapter.webhook.SlackRobot;
import io.mflow.notify.adapter.webhook.WeComRobot;
import io.mflow.notify.adapter.webhook.WebhookChannels;
import io.mflow.notify.app.AttemptDelivery;
import io.mflow.notify.app.Channels;
import io.mflow.notify.app.Endpoints;
import io.mflow.notify.app.KnownPlans;
import io.mflow.notify.app.ListDeliveries;
import io.mflow.notify.app.ManageEndpoints;
import io.mflow.notify.app.NotifyOfChange;
import io.mflow.notify.app.NotifyRecords;
import io.mflow.notify.app.PendingDeliveries;
import io.mflow.notify.app.RecordSubscribers;
import io.mflow.notify.app.SendDueDeliveries;
import io.mflow.notify.app.SettledDeliveries;
import io.mflow.notify.app.Subscribers;
import io.mflow.notify.domain.ChannelType;
import io.mflow.notify.domain.DeliveryPolicy;
import io.mflow.platform.net.OutboundAddresses;
import io.mflow.platform.outbox.OutboxRelay;
import io.mflow.schemas.sealed.SealedValues;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import io.mflow.schemas.serde.AvroSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.beans.factory.annotation.Value;
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
    NotifyOutboxes notifyOutboxes(MongoTemplate mongo) {
        return new NotifyOutboxes(mongo);
    }

    /** The relay is created by the platform for the outbox store above; the stores tell it of each write. */
    @Bean
    SettledDeliveries settledDeliveries(MongoTemplate mongo, ObjectProvider<OutboxRelay> relay) {
        return new MongoSettledDeliveries(mongo, owner -> relay.getObject().wake(owner));
    }

    @Bean
    Endpoints endpoints(MongoTemplate mongo, ObjectProvider<OutboxRelay> relay) {
        return new MongoEndpoints(mongo, owner -> relay.getObject().wake(owner));
    }

    @Bean
    PendingDeliveries pendingDeliveries(MongoTemplate mongo) {
        return new MongoPendingDeliveries(mongo);
    }

    @Bean
    NotifyRecords notifyRecords(KafkaProperties kafka) {
        return new AvroNotifyRecords(AvroSerializer.configuredBy(kafka.getProperties()));
    }

    @Bean
    Channels channels(NotifyProperties properties, SealedValues sealed, JsonMapper json, JavaMailSender mail,
            Clock clock) {
        NotifyProperties notify = properties;
        // Redirects are never followed: a public endpoint must not bounce a request to an internal address.
        HttpClient client = HttpClient.newBuilder().connectTimeout(notify.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpCall http = new HttpCall(client, OutboundAddresses.allowing(notify.allowedPrivateNetworks()), sealed);
        return new WebhookChannels(Map.of(
                ChannelType.GENERIC, new GenericWebhook(http, json, clock),
                ChannelType.FEISHU, new FeishuRobot(http, json, clock),
                ChannelType.DINGTALK, new DingTalkRobot(http, json, clock),
                ChannelType.WECOM, new WeComRobot(http, json),
                ChannelType.SLACK, new SlackRobot(http, json),
                ChannelType.EMAIL, new MailMention(mail, sealed, notify.mailFrom())));
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService notifySenders(NotifyProperties properties) {
        int senders = properties.senders();
        return new ThreadPoolExecutor(senders, senders, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new CustomizableThreadFactory("notify-sender-"));
    }

    @Bean
    AttemptDelivery attemptDelivery(PendingDeliveries pending, SettledDeliveries settled, Endpoints endpoints,
            Subscribers subscribers, Channels channels, NotifyRecords records, DeliveryPolicy policy, Clock clock) {
        return new AttemptDelivery(pending, settled, endpoints, subscribers, channels, records, policy, clock);
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
    NotifyOfChange notifyOfChange(Subscribers subscribers, PendingDeliveries pending, SettledDeliveries settled,
            SendDueDeliveries senders, NotifyProperties properties, Clock clock) {
        return new NotifyOfChange(subscribers, pending, settled, senders, properties.baseUrl(), clock);
    }

    @Bean
    ListDeliveries listDeliveries(SettledDeliveries settled) {
        return new ListDeliveries(settled);
    }

    @Bean
    ManageEndpoints manageEndpoints(Endpoints endpoints, NotifyRecords records, Clock clock) {
        return new ManageEndpoints(endpoints, records, clock);
    }
}

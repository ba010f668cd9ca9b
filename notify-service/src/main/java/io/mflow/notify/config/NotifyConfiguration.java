package io.mflow.notify.config;

import io.mflow.notify.adapter.mongo.MongoDeliveries;
import io.mflow.notify.adapter.mongo.MongoSubscriptions;
import io.mflow.notify.adapter.webhook.JsonWebhookChannel;
import io.mflow.notify.adapter.webhook.WebhookChannels;
import io.mflow.notify.app.Channels;
import io.mflow.notify.app.Deliveries;
import io.mflow.notify.app.KnownPlans;
import io.mflow.notify.app.ListDeliveries;
import io.mflow.notify.app.NotifyStatusChange;
import io.mflow.notify.app.RecordSubscriptions;
import io.mflow.notify.app.Subscriptions;
import io.mflow.schemas.sealed.SealedValues;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class NotifyConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** More job tasks than one instance has in flight at once; a job task without subscriptions takes a few bytes. */
    private static final long KNOWN_JOB_TASKS = 20_000;

    @Bean
    Subscriptions subscriptions(MongoTemplate mongo) {
        return new KnownPlans(new MongoSubscriptions(mongo), KNOWN_JOB_TASKS);
    }

    @Bean
    Deliveries deliveries(MongoTemplate mongo, Clock clock) {
        return new MongoDeliveries(mongo, clock);
    }

    @Bean
    Channels channels(NotifyProperties properties, JsonMapper json) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout()).build();
        return new WebhookChannels(new JsonWebhookChannel(http, new SealedValues(properties.secretKey()), json,
                properties.requestTimeout()));
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor webhookSenders(NotifyProperties properties) {
        return new ThreadPoolExecutor(properties.senders(), properties.senders(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(properties.sendQueue()), new CustomizableThreadFactory("webhook-sender-"),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @Bean
    RecordSubscriptions recordSubscriptions(Subscriptions subscriptions) {
        return new RecordSubscriptions(subscriptions);
    }

    @Bean
    NotifyStatusChange notifyStatusChange(Subscriptions subscriptions, Deliveries deliveries, Channels channels,
            ThreadPoolExecutor webhookSenders, Clock clock) {
        return new NotifyStatusChange(subscriptions, deliveries, channels, webhookSenders, clock);
    }

    @Bean
    ListDeliveries listDeliveries(Deliveries deliveries) {
        return new ListDeliveries(deliveries);
    }
}

package io.mflow.notify.config;

import io.mflow.notify.adapter.kafka.TaskEventsListener;
import io.mflow.notify.app.NotifyOfChange;
import io.mflow.notify.app.RecordSubscribers;
import io.mflow.platform.kafka.KafkaTopics;
import io.mflow.schemas.Topics;
import io.mflow.schemas.sealed.SealedValues;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    TaskEventsListener taskEventsListener(RecordSubscribers recordSubscribers, NotifyOfChange notifyOfChange,
                                          SealedValues sealed) {
        return new TaskEventsListener(recordSubscribers, notifyOfChange, sealed);
    }

    @Bean
    KafkaTopics topics() {
        return new KafkaTopics(List.of(Topics.TASK_EVENTS), List.of(Topics.NOTIFY_EVENTS));
    }
}

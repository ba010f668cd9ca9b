package io.mflow.notify.config;

import io.mflow.notify.adapter.kafka.ApprovalEventsListener;
import io.mflow.notify.adapter.kafka.TaskEventsListener;
import io.mflow.notify.app.NoteRunEnds;
import io.mflow.notify.app.NotifyOfApproval;
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
                                          SealedValues sealed, NoteRunEnds noteRunEnds) {
        return new TaskEventsListener(recordSubscribers, notifyOfChange, sealed, noteRunEnds);
    }

    @Bean
    ApprovalEventsListener approvalEventsListener(NotifyOfApproval notifyOfApproval, SealedValues sealed) {
        return new ApprovalEventsListener(notifyOfApproval, sealed);
    }

    @Bean
    KafkaTopics topics() {
        return new KafkaTopics(List.of(Topics.TASK_EVENTS, ApprovalEventsListener.TOPIC),
                List.of(Topics.NOTIFY_EVENTS));
    }
}

package io.mflow.task.config;

import io.mflow.platform.kafka.KafkaTopics;
import io.mflow.schemas.Topics;
import java.util.List;
import io.mflow.schemas.serde.AvroSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Encodes what this service stores in its outboxes, as its producer's serializer is configured. */
    @Bean
    AvroSerializer recordSerializer(KafkaProperties kafka) {
        return AvroSerializer.configuredBy(kafka.getProperties());
    }

    @Bean
    KafkaTopics topics() {
        // Users' jobs and controllers report status too, without the engine's MAC: their report's update token or
        // proof is what counts there (ReportJobTaskStatus), and a report with a MAC that does not verify is refused.
        // It reads pipeline-service's commands only to keep the params each attempt was sent (JobCommandsListener).
        return new KafkaTopics(List.of(Topics.JOB_TASK_STATUS_REPORTS, Topics.PIPELINE_TASK_STATUS_REPORTS,
                Topics.NOTIFY_EVENTS, Topics.JOB_LOGS, Topics.JOB_COMMANDS), List.of(Topics.TASK_EVENTS, Topics.APPROVAL_EVENTS),
                List.of(Topics.JOB_TASK_STATUS_REPORTS));
    }
}

package io.mflow.runner.config;

import io.mflow.platform.kafka.KafkaTopics;
import io.mflow.schemas.Topics;
import java.util.List;
import io.mflow.schemas.serde.AvroSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topics this service declares; the dead-letter path and the broker's health are the platform's. */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    /** Encodes what this service stores in its outboxes, as its producer's serializer is configured. */
    @Bean
    AvroSerializer recordSerializer(KafkaProperties kafka) {
        return AvroSerializer.configuredBy(kafka.getProperties());
    }

    @Bean
    KafkaTopics topics() {
        return new KafkaTopics(List.of(Topics.JOB_COMMANDS, Topics.TASK_EVENTS), List.of(Topics.JOB_TASK_STATUS_REPORTS, Topics.JOB_LOGS));
    }
}

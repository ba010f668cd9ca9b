package io.mflow.task.adapter.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/** UP when the broker answers; Boot has no Kafka health indicator of its own. */
@Component("kafka")
class KafkaHealth extends AbstractHealthIndicator {

    private final KafkaAdmin kafkaAdmin;

    KafkaHealth(KafkaAdmin kafkaAdmin) {
        this.kafkaAdmin = kafkaAdmin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (AdminClient admin = AdminClient.create(kafkaAdmin.getConfigurationProperties())) {
            String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                    .clusterId().get(3, TimeUnit.SECONDS);
            builder.up().withDetail("clusterId", clusterId);
        }
    }
}

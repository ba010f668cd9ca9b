package io.mflow.runner.adapter.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/** UP when the broker answers; Boot has no Kafka health indicator of its own. */
public class KafkaHealth extends AbstractHealthIndicator implements AutoCloseable {

    private final AdminClient admin;

    public KafkaHealth(KafkaAdmin kafkaAdmin) {
        this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = admin.describeCluster();
        builder.up()
                .withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS))
                .withDetail("nodes", cluster.nodes().get(3, TimeUnit.SECONDS).size());
    }

    @Override
    public void close() {
        admin.close();
    }
}

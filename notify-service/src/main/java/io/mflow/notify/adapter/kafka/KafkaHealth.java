package io.mflow.notify.adapter.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Boot has no Kafka health indicator: UP when the cluster answers a describe within two seconds. */
public class KafkaHealth implements HealthIndicator {

    private static final int TIMEOUT_MS = 2000;

    private final Map<String, Object> adminProperties;

    public KafkaHealth(Map<String, Object> adminProperties) {
        this.adminProperties = adminProperties;
    }

    @Override
    public Health health() {
        Admin admin = Admin.create(adminProperties);
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            return Health.up().withDetail("nodes", nodes).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable reason = e.getCause() == null ? e : e.getCause();
            return Health.down().withDetail("error", reason.getClass().getSimpleName()).build();
        } finally {
            admin.close(Duration.ofMillis(TIMEOUT_MS));
        }
    }
}

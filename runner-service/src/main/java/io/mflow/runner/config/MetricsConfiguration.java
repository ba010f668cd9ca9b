package io.mflow.runner.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mflow.runner.adapter.metrics.AliveAgents;
import io.mflow.runner.adapter.mongo.MongoAgents;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** runner-service's own gauges, beside the platform's (outbox, dead letters). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    Gauge aliveAgents(MeterRegistry registry, MongoTemplate mongo, Clock clock, RunnerProperties properties) {
        return AliveAgents.register(registry, new MongoAgents(mongo), clock,
                properties.runner().agents().heartbeatTimeout());
    }
}

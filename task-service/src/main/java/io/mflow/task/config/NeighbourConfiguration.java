package io.mflow.task.config;

import io.mflow.task.adapter.neighbour.RestNeighbours;
import io.mflow.task.app.Neighbours;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's other services, asked on a caller's behalf for what the dashboard and the API show of theirs. */
@Configuration(proxyBeanMethods = false)
class NeighbourConfiguration {

    @Bean
    Neighbours neighbours(TaskServiceProperties properties) {
        TaskServiceProperties.Services services = properties.services();
        return new RestNeighbours(services.runnerUrl(), services.notifyUrl(), services.timeout());
    }
}

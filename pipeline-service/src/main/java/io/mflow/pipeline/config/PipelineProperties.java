package io.mflow.pipeline.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mflow.secret-key}: opens sealed update tokens (base64 of 32 bytes). Topics and the outbox sweep are the
 * platform's settings ({@code mflow.kafka.*}, {@code mflow.outbox.*}).
 */
@ConfigurationProperties("mflow")
public record PipelineProperties(String secretKey) {
}

package io.mflow.task.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What task-service reads under {@code mflow.*} beyond the platform's settings.
 *
 * @param secretKey      base64 of 32 bytes; seals secrets ({@code MFLOW_SECRET_KEY}; the platform refuses to start
 *                       without it)
 * @param adminToken     the first admin's token on an engine's first start ({@code MFLOW_ADMIN_TOKEN}); unset, a new
 *                       one is made and written to {@code adminTokenFile}
 * @param adminTokenFile where a made first admin token is written, readable by its owner only
 *                       ({@code MFLOW_ADMIN_TOKEN_FILE})
 */
@ConfigurationProperties("mflow")
public record TaskServiceProperties(String secretKey,
                                    String adminToken,
                                    @DefaultValue("data/admin.token") Path adminTokenFile) {
}

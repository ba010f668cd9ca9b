package io.mflow.platform;

import io.mflow.platform.security.SecretKeyCheck;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** What every service gets whatever else it has: the refusal to start without a secret key. */
@AutoConfiguration
public class PlatformAutoConfiguration {

    @Bean
    static BeanFactoryPostProcessor secretKeyCheck(Environment environment) {
        return new SecretKeyCheck(environment);
    }
}

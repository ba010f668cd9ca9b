package io.mflow.platform.security;

import java.util.Base64;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * A service refuses to start without {@code mflow.secret-key}: there is no built-in key, since one would be public
 * and everything sealed with it readable by anyone. Checked before any bean is made, so nothing half-starts.
 */
public final class SecretKeyCheck implements BeanFactoryPostProcessor {

    static final String PROPERTY = "mflow.secret-key";

    private final Environment environment;

    public SecretKeyCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment.getProperty(PROPERTY));
    }

    static void check(String key) {
        if (key == null || key.isBlank()) {
            throw new SecretKeyException("no secret key is set");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException notBase64) {
            throw new SecretKeyException("the secret key is not base64");
        }
        if (bytes.length != 32) {
            throw new SecretKeyException("the secret key is " + bytes.length + " bytes long, not 32");
        }
    }

    /** Why the service did not start; {@link SecretKeyFailureAnalyzer} says how to fix it. */
    static final class SecretKeyException extends IllegalStateException {
        SecretKeyException(String reason) {
            super(reason);
        }
    }
}

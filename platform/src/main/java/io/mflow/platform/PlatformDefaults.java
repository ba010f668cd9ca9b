package io.mflow.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * The settings every service shares (where it listens, where the broker and store are, what health shows to whom),
 * once, below everything a service or its operator sets: they join Spring Boot's default properties, the lowest
 * source there is, and a default property set in code ({@code SpringApplication.setDefaultProperties}) still wins.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "mflow-platform-defaults.properties";
    /** Spring Boot's name for its lowest property source, which it keeps last. */
    private static final String DEFAULT_PROPERTIES = "defaultProperties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> merged = new LinkedHashMap<>();
        try {
            PropertiesLoaderUtils.loadProperties(new ClassPathResource(RESOURCE, PlatformDefaults.class.getClassLoader()))
                    .forEach((key, value) -> merged.put(String.valueOf(key), value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> existing = sources.get(DEFAULT_PROPERTIES);
        if (existing instanceof MapPropertySource defaults) {
            merged.putAll(defaults.getSource());
            sources.replace(DEFAULT_PROPERTIES, new MapPropertySource(DEFAULT_PROPERTIES, merged));
        } else {
            sources.addLast(new MapPropertySource(DEFAULT_PROPERTIES, merged));
        }
    }
}

package io.drkit.core.testing;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.env.MapPropertySource;

/**
 * drkit's services in the test's own JVM, wired as the executable wires them (component scan of
 * {@code io.drkit}, configuration properties, Spring Batch on the catalog), from the modules on the
 * calling module's test class path. A job module tests its own service with it, without a drkit
 * process or the command line module.
 */
public final class ServiceContext implements AutoCloseable {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan("io.drkit")
    @ConfigurationPropertiesScan("io.drkit")
    static class Services {
    }

    /** What the executable's application.yml sets that a service depends on: no job at start, the catalog migrated by drkit. */
    private static final Map<String, Object> AS_THE_EXECUTABLE = Map.of(
            "spring.main.lazy-initialization", "true",
            "spring.main.web-application-type", "none",
            "spring.main.banner-mode", "off",
            "spring.batch.job.enabled", "false",
            "spring.batch.jdbc.initialize-schema", "never",
            "spring.flyway.enabled", "false");

    private final ConfigurableApplicationContext context;

    private ServiceContext(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** @param settings drkit's settings by property name ({@code drkit.source-url}, {@code drkit.repository}, …) */
    public static ServiceContext start(Map<String, ?> settings) {
        SpringApplication app = new SpringApplication(Services.class);
        Map<String, Object> properties = new HashMap<>(AS_THE_EXECUTABLE);
        properties.putAll(settings);
        // over anything the test JVM's environment holds (a DRKIT_* variable would otherwise win)
        app.addListeners(event -> {
            if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
                prepared.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test settings", properties));
            }
        });
        app.setRegisterShutdownHook(false);
        return new ServiceContext(app.run());
    }

    public <T> T get(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}

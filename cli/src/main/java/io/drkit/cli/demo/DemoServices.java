package io.drkit.cli.demo;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The job services of one demo run, built in a context of their own over the settings the demo chose
 * (its embedded server, its repository, its reports directory). The command's own context keeps the
 * settings as configured: nothing rewrites a bean another command could read.
 */
final class DemoServices implements AutoCloseable {

    /** Everything drkit wires, except the commands: the services a command would be handed, no command line runner. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan(basePackages = "io.drkit",
            excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.drkit\\.cli\\..*"))
    @ConfigurationPropertiesScan("io.drkit")
    static class Jobs {
    }

    private final ConfigurableApplicationContext context;

    private DemoServices(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * @param configured the command's environment (configuration file, environment variables), under the demo's
     * @param demo the demo's own settings, which win over what is configured
     */
    static DemoServices start(ConfigurableEnvironment configured, Map<String, Object> demo) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("drkit demo", demo));
        environment.merge(configured);
        SpringApplication app = new SpringApplication(Jobs.class);
        app.setEnvironment(environment);
        app.setRegisterShutdownHook(false);
        // the process's logging is set up already: a second set-up would start over what the first one configured
        app.setListeners(app.getListeners().stream().filter(l -> !(l instanceof LoggingApplicationListener)).toList());
        return new DemoServices(app.run());
    }

    <T> T get(Class<T> type) {
        return context.getBean(type);
    }

    <T> ObjectProvider<T> provider(Class<T> type) {
        return context.getBeanProvider(type);
    }

    @Override
    public void close() {
        context.close();
    }
}

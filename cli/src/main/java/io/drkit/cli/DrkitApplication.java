package io.drkit.cli;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The {@code drkit} executable: Spring Boot for wiring and configuration, picocli for the commands. */
@SpringBootApplication(scanBasePackages = "io.drkit")
@ConfigurationPropertiesScan("io.drkit")
public class DrkitApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(DrkitApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.additional-location", configLocation(args)));
        System.exit(SpringApplication.exit(app.run(withoutConfig(args))));
    }

    /**
     * {@code --config FILE} must reach Spring before the context starts, so it is taken out of the
     * arguments here rather than parsed by picocli.
     */
    static String configLocation(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return "optional:file:" + args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return "optional:file:" + args[i].substring("--config=".length());
            }
        }
        return "";
    }

    static String[] withoutConfig(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("--config=")) {
                rest.add(args[i]);
            }
        }
        return rest.toArray(String[]::new);
    }
}

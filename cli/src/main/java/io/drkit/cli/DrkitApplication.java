package io.drkit.cli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = "io.drkit")
public class DrkitApplication {
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(DrkitApplication.class, args)));
    }
}

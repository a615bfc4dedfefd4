package io.drkit.cli.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.drkit.core.testing.RequiredTool;

/**
 * The monitoring files drkit ships in docs/monitoring: Prometheus loads the alert rules, each rule fires
 * and stays quiet where its unit tests say (promtool, Debian's prometheus package, which .ci/run
 * installs), and the rules and the Grafana dashboard ask only for metrics the README documents.
 */
class MonitoringFilesTest {

    private static final Path MONITORING = Path.of("..", "docs", "monitoring");
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern METRIC = Pattern.compile("\\bdrkit_[a-z_]+\\b");

    @Test
    void prometheusLoadsTheRulesAndEachRuleFiresAndStaysQuietAsItsUnitTestsSay() throws Exception {
        Path promtool = RequiredTool.find("prometheus", "promtool");
        assertThat(run(promtool.toString(), "check", "rules", "drkit-alerts.yml")).contains("SUCCESS: 6 rules found");
        assertThat(run(promtool.toString(), "test", "rules", "drkit-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRuleHasAFiringAndAQuietUnitTest() throws IOException {
        Map<String, Object> rules = yaml("drkit-alerts.yml");
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.add((String) rule.get("alert"));
            }
        }
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) yaml("drkit-alerts.test.yml").get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                List<?> expected = (List<?>) check.get("exp_alerts");
                (expected.isEmpty() ? quiet : firing).add((String) check.get("alertname"));
            }
        }
        assertThat(alerts).hasSize(6);
        assertThat(firing).as("rules with a test where they fire").containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(quiet).as("rules with a test where they stay quiet").containsExactlyInAnyOrderElementsOf(alerts);
    }

    @Test
    void theRulesAndTheDashboardAskOnlyForDocumentedMetrics() throws IOException {
        Set<String> documented = metricsIn(Files.readString(README));
        Set<String> asked = metricsIn(Files.readString(MONITORING.resolve("drkit-alerts.yml")));
        asked.addAll(metricsIn(Files.readString(MONITORING.resolve("drkit-dashboard.json"))));
        asked.remove("drkit_job");
        assertThat(asked).hasSizeGreaterThan(10);
        assertThat(documented).as("metrics the README's metrics table documents").containsAll(asked);
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(MONITORING.resolve(file)));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool ends").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}

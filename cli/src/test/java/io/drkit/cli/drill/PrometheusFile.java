package io.drkit.cli.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;

/** A metrics file read by an independent Prometheus text-format parser, as the node exporter would. */
public final class PrometheusFile {

    private PrometheusFile() {}

    /** @return each gauge's value by metric name; every sample must carry the job's label */
    public static Map<String, Double> gauges(Path file, String job) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(in);
            for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
                assertThat(family.getType()).as(family.getName()).isEqualTo(MetricType.GAUGE);
                assertThat(family.getHelp()).as(family.getName()).isNotBlank();
                for (Metric m : family.getMetrics()) {
                    assertThat(m.getLabels()).as(m.getName()).containsEntry("drkit_job", job);
                    values.put(m.getName(), ((Gauge) m).getValue());
                }
            }
        }
        return values;
    }
}

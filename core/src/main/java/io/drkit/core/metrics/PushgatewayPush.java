package io.drkit.core.metrics;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.exporter.BasicAuthHttpConnectionFactory;
import io.prometheus.client.exporter.HttpConnectionFactory;
import io.prometheus.client.exporter.PushGateway;

/**
 * A run's gauges pushed to a Pushgateway through the Prometheus Java client, grouped under
 * {@code job="drkit"} and the run's {@code drkit_job}. It adds (POST), not replaces: the Pushgateway
 * then keeps the metrics this run did not push, so an earlier run's last success time stays when this
 * one failed. Credentials in the URL ({@code https://user:pass@host}) become basic authentication and
 * never appear in a message.
 */
final class PushgatewayPush {

    private static final String GROUP_JOB = "drkit";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private PushgatewayPush() {}

    /** @throws IOException with a message that names the gateway without its credentials */
    static void push(String gateway, String job, List<JobMetrics.Sample> samples) throws IOException {
        URI uri = parse(gateway);
        String shown = withoutUserInfo(uri);
        CollectorRegistry registry = new CollectorRegistry();
        for (JobMetrics.Sample s : samples) {
            Gauge.build().name(s.name()).help(s.help()).labelNames(JobMetrics.JOB_LABEL).register(registry).labels(job)
                    .set(s.value());
        }
        PushGateway pushGateway = new PushGateway(toUrl(shown));
        HttpConnectionFactory timed = url -> {
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) READ_TIMEOUT.toMillis());
            return c;
        };
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            pushGateway.setConnectionFactory(new BasicAuthHttpConnectionFactory(timed, user, password));
        } else {
            pushGateway.setConnectionFactory(timed);
        }
        try {
            pushGateway.pushAdd(registry, GROUP_JOB, Map.of(JobMetrics.JOB_LABEL, job));
        } catch (IOException e) {
            // the client's message carries the response body, which the gateway fills with our own metric text at most
            throw new IOException(shown + ": " + e.getMessage(), e);
        }
    }

    private static URI parse(String gateway) throws IOException {
        try {
            URI uri = new URI(gateway.replaceAll("/+$", ""));
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IOException("drkit.metrics.pushgateway is not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IOException("drkit.metrics.pushgateway is not a URL", e);
        }
    }

    private static String withoutUserInfo(URI uri) throws IOException {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null).toString();
        } catch (URISyntaxException e) {
            throw new IOException("drkit.metrics.pushgateway is not a URL", e);
        }
    }

    private static URL toUrl(String url) throws IOException {
        try {
            return URI.create(url).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IOException("drkit.metrics.pushgateway is not an http(s) URL", e);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}

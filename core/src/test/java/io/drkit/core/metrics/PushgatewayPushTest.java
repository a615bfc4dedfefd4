package io.drkit.core.metrics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What an operator reads when the Pushgateway cannot be reached: where, never the password. */
class PushgatewayPushTest {

    private static final List<JobMetrics.Sample> SAMPLES = List.of(new JobMetrics.Sample("drkit_rows", "rows", 3));

    @Test
    void aGatewayThatDoesNotAnswerIsNamedWithoutItsPassword() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "http://metrics:s3cr3t-pw@127.0.0.1:" + closed;
        assertThatThrownBy(() -> PushgatewayPush.push(url, "full-backup", SAMPLES)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("http://127.0.0.1:" + closed + ": ").message().doesNotContain("s3cr3t-pw")
                .doesNotContain("metrics:");
    }

    @Test
    void aSettingThatIsNotAUrlNamesTheSetting() {
        assertThatThrownBy(() -> PushgatewayPush.push("pushgateway:9091 ", "full-backup", SAMPLES))
                .isInstanceOf(IOException.class).hasMessageContaining("drkit.metrics.pushgateway");
    }
}

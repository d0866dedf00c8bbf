package io.patchbay.signaling.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real SIGTERM path: the server as its own process (the command line's {@code Main}, configured only by
 * {@code PATCHBAY_*} variables, on loopback), driven through {@link DrainScenario}: probes, two participants, SIGTERM,
 * the drain checked from outside, exit once they left, webhooks delivered. The deploy tests run the same scenario
 * with the production manifest's environment and probes in a network namespace.
 */
class SigtermDrainProcessTest {
    @Test
    void sigtermDrainsThenExits() throws Exception {
        int httpPort = freeTcpPort();
        Map<String, String> env = Map.of("PATCHBAY_HTTP_HOST", "127.0.0.1",
                "PATCHBAY_HTTP_PORT", Integer.toString(httpPort), "PATCHBAY_MEDIA_PORT", Integer.toString(freeUdpPort()),
                "PATCHBAY_BIND_ADDRESS", "127.0.0.1", "PATCHBAY_DRAIN_TIMEOUT_SECONDS", "30");
        // The production overlay's startup allowance (60 s); it takes 3-5 s here.
        DrainScenario.Probe startup = new DrainScenario.Probe("/health/ready", httpPort, 1, 60);
        DrainScenario.Probe ready = new DrainScenario.Probe("/health/ready", httpPort, 1, 3);
        DrainScenario.Probe live = new DrainScenario.Probe("/health/live", httpPort, 1, 3);
        try (DrainScenario scenario = new DrainScenario()) {
            DrainScenario.Result r = scenario.run(env, startup, live, ready, Duration.ofSeconds(15));
            System.out.printf("SIGTERM on loopback: ready %d ms after start, not ready %d ms after SIGTERM, exit %d "
                    + "%d ms after the last participant left, webhooks %s%n", r.readyAfterMillis(),
                    r.notReadyAfterSigtermMillis(), r.exitCode(), r.exitAfterLeaveMillis(), r.webhooks());
            assertEquals(143, r.exitCode(), "128 + SIGTERM: the JVM ended on the signal, after its shutdown hook");
        }
    }

    private static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package io.patchbay.load;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.load.client.ClientRuntime;
import io.patchbay.load.janus.JanusAvailability;
import io.patchbay.load.janus.JanusProcess;
import io.patchbay.load.janus.NetworkNamespace;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.report.ServerRun;
import io.patchbay.load.report.StepResult;
import io.patchbay.load.sfu.JanusTarget;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator against a real Janus 1.1 videoroom in a network namespace of its own (Janus ignores loopback):
 * publishers, per-feed subscriber connections, ICE with Janus as full agent, DTLS with the generator as client,
 * SRTP both ways; every forwarded packet is counted. This is what {@code ./patchbay compare} relies on.
 */
class JanusEndToEndTest {
    private static final double PUBLISHER_PPS = 50 + 30 * 6;

    @TempDir
    Path out;

    @Test
    void broadcastAndMeetingThroughJanus() throws Exception {
        JanusAvailability.require("Janus end-to-end test");
        try (NetworkNamespace ns = NetworkNamespace.create("pbjanus" + ProcessHandle.current().pid());
             ClientRuntime runtime = new ClientRuntime(InetAddress.getByName(NetworkNamespace.OUTSIDE_IP), 1, 2, 2)) {
            JanusProcess janus = JanusProcess.start(out.resolve("janus"), NetworkNamespace.INSIDE_IP,
                    NetworkNamespace.INSIDE_INTERFACE, NetworkNamespace.INSIDE_IP, 18089, Duration.ofSeconds(30), 2,
                    ns.execPrefix());
            List<SrtpProfile> profiles = List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);
            try (JanusTarget target = JanusTarget.start(runtime, janus, profiles, 1_500_000)) {
                ServerRun broadcast = new RampRunner(settings(Scenario.BROADCAST, 3), target, runtime, System.err).run(0);
                ServerRun meeting = new RampRunner(settings(Scenario.MEETING, 3), target, runtime, System.err).run(0);

                StepResult b = broadcast.steps().get(0);
                StepResult m = meeting.steps().get(0);
                assertAll(
                        () -> assertTrue(target.version().startsWith("1."), target.version()),
                        () -> assertTrue(broadcast.srtpProfile().startsWith("AEAD_AES_128_GCM")
                                || broadcast.srtpProfile().startsWith("AES128_CM"), broadcast.srtpProfile()),
                        () -> assertEquals(3, b.joinMs().count(), "every subscriber got media: " + b),
                        () -> assertNear(3 * PUBLISHER_PPS, b.forwardedPps(), b.toString()),
                        () -> assertTrue(b.lossFraction() < 0.01, b.toString()),
                        () -> assertTrue(b.delayMs().p50() > 0 && b.delayMs().p50() < 50, b.toString()),
                        () -> assertTrue(b.serverCpuSeconds() > 0, "Janus CPU from /proc: " + b),
                        () -> assertNear(3 * 2 * PUBLISHER_PPS, m.forwardedPps(), m.toString()),
                        () -> assertTrue(m.lossFraction() < 0.01, m.toString()));
            }
        }
    }

    private static void assertNear(double expected, double actual, String context) {
        assertTrue(Math.abs(actual - expected) < 0.15 * expected, "expected about " + expected + ", got " + actual
                + ": " + context);
    }

    private LoadSettings settings(Scenario scenario, int level) {
        return new LoadSettings(scenario, List.of(level), 3, Duration.ofSeconds(3), Duration.ofMillis(1500),
                Duration.ZERO, 1_500_000, 2, "gcm", out, null, null, 0, NetworkNamespace.OUTSIDE_IP, 0, 1, 4, java.util.Map.of());
    }
}

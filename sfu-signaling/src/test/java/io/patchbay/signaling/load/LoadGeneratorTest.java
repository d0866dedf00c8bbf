package io.patchbay.signaling.load;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.LoadMain;
import io.patchbay.load.LoadSettings;
import io.patchbay.load.ReportOutput;
import io.patchbay.load.Scenario;
import io.patchbay.load.report.LayerReceipt;
import io.patchbay.load.report.LoadReport;
import io.patchbay.load.report.ReportJson;
import io.patchbay.load.report.ServerRun;
import io.patchbay.load.report.StepResult;
import io.patchbay.signaling.PatchbayServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator (load-tests) against a real server in this JVM: simulated participants join over the real
 * protocol, media flows through ICE, DTLS and SRTP, and the report accounts for every packet. Small loads only: this
 * checks the instrument, not the server's capacity (that is ./patchbay load, a benchmark).
 */
class LoadGeneratorTest {
    /** Packets per second of one publisher: 50 audio + 30 fps x 6 video packets (1.5 Mbps in <= 1100-byte packets). */
    private static final double PUBLISHER_PPS = 50 + 30 * 6;

    private PatchbayServer server;

    @TempDir
    Path out;

    @BeforeEach
    void startServer() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private LoadSettings settings(Scenario scenario, List<Integer> ramp) {
        return new LoadSettings(scenario, ramp, 3, Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ZERO,
                1_500_000, 2, "gcm", out, null, "http://127.0.0.1:" + server.httpPort(), ProcessHandle.current().pid(),
                "127.0.0.1", 0, 1, 4, java.util.Map.of());
    }

    @Test
    void broadcastRampCountsEveryForwardedPacketAndTimesThem() throws Exception {
        LoadReport report = LoadMain.run(settings(Scenario.BROADCAST, List.of(2, 5))
                .withBareWindow(Duration.ofSeconds(1)), "test");

        assertEquals(1, report.runs().size());
        ServerRun run = report.runs().get(0);
        assertEquals("AEAD_AES_128_GCM", run.srtpProfile());
        assertEquals(2, run.steps().size(), "both levels measured (no knee at this load)");
        for (StepResult s : run.steps()) {
            double expectedPps = s.subscribers() * PUBLISHER_PPS;
            assertAll("level with " + s.subscribers() + " subscribers: " + s,
                    () -> assertEquals(1, s.publishers()),
                    () -> assertTrue(Math.abs(s.forwardedPps() - expectedPps) < 0.15 * expectedPps,
                            "forwarded " + s.forwardedPps() + " pkt/s, expected about " + expectedPps),
                    () -> assertTrue(s.lossFraction() < 0.01, "loss " + s.lossFraction()),
                    () -> assertTrue(s.delayMs().count() > s.packetsReceived() / 4, "1 in 2 packets is timed"),
                    () -> assertTrue(s.delayMs().p50() > 0 && s.delayMs().p50() < 50, "delay p50 " + s.delayMs()),
                    () -> assertTrue(s.serverCpuSeconds() > 0, "server CPU from /proc"),
                    () -> assertTrue(s.bareBatchedUsPerPacket() > 0 && s.bareSingleUsPerPacket() > 0,
                            "the bare kernel baseline: " + s.bareBatchedUsPerPacket() + " / "
                                    + s.bareSingleUsPerPacket() + " us per datagram"),
                    () -> assertTrue(s.serverHeapUsedBytes() > 0, "heap from /metrics"));
        }
        assertEquals(2, run.steps().get(0).joinMs().count(), "join time of both first subscribers");
        assertEquals(3, run.steps().get(1).joinMs().count(), "join time of the three that joined at level 2");
        assertTrue(run.steps().get(1).joinMs().max() < 10_000, "joins " + run.steps().get(1).joinMs());
    }

    /**
     * A meeting of 3, then of 8 (each receiving 14 streams, about 13,000 packets/s in all). The meeting of 8 once lost
     * 16% of its packets: the server's buffer pool (2048) was smaller than 8 publishers' retransmission caches.
     */
    @Test
    void meetingParticipantsReceiveEveryoneElseAndTheReportIsWritten() throws Exception {
        // The bare kernel baseline is the broadcast test's (it costs seconds per level).
        LoadReport report = LoadMain.run(settings(Scenario.MEETING, List.of(3, 8)).withBareWindow(Duration.ZERO), "test");

        List<StepResult> steps = report.runs().get(0).steps();
        assertEquals(2, steps.size(), "both levels measured: " + steps);
        for (StepResult s : steps) {
            int n = s.publishers();
            double expectedPps = n * (n - 1) * PUBLISHER_PPS; // each receives the n - 1 others
            assertAll(s.toString(),
                    () -> assertEquals(n, s.subscribers()),
                    () -> assertTrue(Math.abs(s.forwardedPps() - expectedPps) < 0.15 * expectedPps,
                            "forwarded " + s.forwardedPps() + " pkt/s, expected about " + expectedPps),
                    () -> assertTrue(s.lossFraction() < 0.01, "loss " + s.lossFraction()));
        }
        assertEquals(3, steps.get(0).joinMs().count());
        assertEquals(5, steps.get(1).joinMs().count(), "the 5 who joined at the second level");

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ReportOutput.write(report, out, new PrintStream(table, true, StandardCharsets.UTF_8));
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("meeting"), text);
        assertEquals(report.runs().size(), ReportJson.read(out.resolve("report.json")).runs().size());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg"), "plots in the HTML report");
    }

    /**
     * The simulcast scenario: one publisher sends q/h/f (180/360/720 lines), three receivers ask for maxHeight 180,
     * 360 and no limit; each ends up on the layer its cap allows, read from the heights of the keyframes it received.
     */
    @Test
    @Timeout(30)
    void simulcastReceiversGetTheLayerTheirMaxHeightAllows() throws Exception {
        LoadReport report = LoadMain.run(settings(Scenario.SIMULCAST, List.of(3)).withJoins(50, 1)
                .withBareWindow(Duration.ZERO), "test");

        List<LayerReceipt> layers = report.runs().get(0).layers();
        assertEquals(3, layers.size(), "one receipt per receiver: " + layers);
        for (LayerReceipt r : layers) {
            int expected = r.maxHeight() == null ? 720 : r.maxHeight();
            assertEquals(List.of(expected), r.lastHeights(), r.toString());
            long atExpected = r.videoPacketsByHeight().getOrDefault(expected, 0L);
            long all = r.videoPacketsByHeight().values().stream().mapToLong(Long::longValue).sum();
            assertTrue(atExpected > 0.8 * all, "most video packets at " + expected + " lines: " + r);
        }
        StepResult step = report.runs().get(0).steps().get(0);
        assertTrue(step.lossFraction() < 0.01, "loss " + step);
    }
}

package io.patchbay.signaling.load;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.LoadMain;
import io.patchbay.load.LoadSettings;
import io.patchbay.load.ReportOutput;
import io.patchbay.load.Scenario;
import io.patchbay.load.report.JoinPhase;
import io.patchbay.load.report.JoinRecord;
import io.patchbay.load.report.JoinRun;
import io.patchbay.load.report.LoadReport;
import io.patchbay.load.report.ReportJson;
import io.patchbay.signaling.PatchbayServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join-time scenario (./patchbay load --scenario join) against a real server in this JVM: a handful of joins into
 * a room with two publishers, each timed through every phase, over the real protocol (WebSocket, ICE, DTLS, SRTP).
 * Checks the instrument (every phase is seen, in an order that makes sense), not the server's speed.
 */
class JoinTimeScenarioTest {
    private static final int JOINS = 5;
    private static final int PUBLISHERS = 2;

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

    private LoadSettings settings() {
        return new LoadSettings(Scenario.JOIN, List.of(), 4, Duration.ofSeconds(3), Duration.ZERO, Duration.ZERO,
                1_500_000, 4, "gcm", out, null, "http://127.0.0.1:" + server.httpPort(), ProcessHandle.current().pid(),
                "127.0.0.1", 0, 1, 4, java.util.Map.of()).withJoins(JOINS, PUBLISHERS);
    }

    @Test
    void everyJoinReachesEveryPhaseInOrder() throws Exception {
        LoadReport report = LoadMain.run(settings(), "test");

        assertTrue(report.runs().isEmpty(), "no ramp runs");
        assertEquals(1, report.joinRuns().size());
        JoinRun run = report.joinRuns().get(0);
        assertEquals(PUBLISHERS, run.publishers());
        assertEquals("AEAD_AES_128_GCM", run.srtpProfile());
        assertEquals(JOINS, run.joins().size());
        assertEquals(0, run.failedCount(), "failed joins: " + run.joins());
        for (JoinRecord j : run.joins()) {
            assertAll("join " + j,
                    () -> {
                        for (JoinPhase p : JoinPhase.values()) {
                            if (p.optional()) continue;
                            assertTrue(j.ms(p) > 0 && j.ms(p) < 10_000, p + " reached within 10 s");
                        }
                    },
                    // The publisher path, then the subscriber path: each phase after the one it needs.
                    () -> assertOrder(j, JoinPhase.WEBSOCKET_OPEN, JoinPhase.JOINED, JoinPhase.PUBLISHER_OFFER_SENT,
                            JoinPhase.PUBLISHER_ANSWER, JoinPhase.PUBLISHER_ICE, JoinPhase.PUBLISHER_DTLS_START,
                            JoinPhase.PUBLISHER_DTLS, JoinPhase.OWN_VIDEO_AT_PUBLISHERS),
                    () -> {
                        // Optional: only when a subscriber of our video came after our first (key)frame.
                        if (!Double.isNaN(j.ms(JoinPhase.OWN_KEYFRAME_REQUESTED))) {
                            assertOrder(j, JoinPhase.PUBLISHER_DTLS, JoinPhase.OWN_KEYFRAME_REQUESTED);
                        }
                    },
                    () -> assertOrder(j, JoinPhase.JOINED, JoinPhase.SUBSCRIBER_OFFER, JoinPhase.SUBSCRIBER_ANSWER,
                            JoinPhase.SUBSCRIBER_ICE, JoinPhase.SUBSCRIBER_DTLS_START, JoinPhase.SUBSCRIBER_DTLS,
                            JoinPhase.FIRST_RTP),
                    // The server asks the publishers for a keyframe once it can forward to the new subscriber (it
                    // may do so a moment before our DTLS client has read the server's last flight).
                    () -> assertOrder(j, JoinPhase.SUBSCRIBER_ANSWER, JoinPhase.KEYFRAME_REQUESTED,
                            JoinPhase.FIRST_KEYFRAME, JoinPhase.ALL_KEYFRAMES),
                    () -> assertOrder(j, JoinPhase.SUBSCRIBER_DTLS, JoinPhase.FIRST_KEYFRAME),
                    () -> assertFalse(j.failed()));
        }

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ReportOutput.write(report, out, new PrintStream(text, true, StandardCharsets.UTF_8));
        String table = text.toString(StandardCharsets.UTF_8);
        System.out.println(table);
        assertTrue(table.contains("first keyframe received") && table.contains(JOINS + "/" + JOINS), table);
        assertEquals(report.joinRuns(), ReportJson.read(out.resolve("report.json")).joinRuns());
    }

    private static void assertOrder(JoinRecord j, JoinPhase... phases) {
        for (int i = 1; i < phases.length; i++) {
            assertTrue(j.ms(phases[i - 1]) <= j.ms(phases[i]),
                    phases[i - 1] + " (" + j.ms(phases[i - 1]) + " ms) before " + phases[i] + " (" + j.ms(phases[i])
                            + " ms)");
        }
    }
}

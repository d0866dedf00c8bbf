package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.impair.Direction;
import io.patchbay.signaling.impair.ImpairmentProfile;
import io.patchbay.signaling.impair.TcpCutProxy;
import io.patchbay.signaling.impair.UdpImpairmentRelay;
import io.patchbay.signaling.room.SessionTimeouts;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session lifecycle of docs/protocol.md ("Session lifecycle") with real Chromium pages: A and B in a call, all
 * media through the {@link UdpImpairmentRelay} (127.0.0.2, the server's only advertised candidate).
 *
 * <ul>
 *   <li>A client whose network vanishes (relay drops everything of B, B's browser is SIGSTOPped so even its
 *       WebSocket goes silent while its TCP stays open) is removed for the others with {@code reason: "timeout"}
 *       once its media has been silent for the media-silence timeout (5 s in this test; production: 20 s).</li>
 *   <li>An ICE restart of both of B's connections while media flows, started as the contract says (the publisher
 *       connection offers with new credentials; {@code restart-ice} for the subscriber connection): video keeps
 *       decoding on both sides, no freeze over 2 s.</li>
 *   <li>B's path dies (its addresses black-holed): patchbay.js restarts ICE by itself on new addresses and A
 *       decodes B's video again within seconds.</li>
 *   <li>B's signaling TCP connection is reset (a TCP proxy between B's page and the server): B resumes with the
 *       same participant id; A sees no leave or join, and media keeps flowing both ways.</li>
 * </ul>
 *
 * <p>Each test prints what it measured (removal time, recovery time, the client's lifecycle events).
 */
class LifecycleBrowserTest {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);
    /** The server of the test that waits for a silent client's removal: media silence 5 s (production: 20 s). */
    private static final SessionTimeouts SHORT_SILENCE = new SessionTimeouts(SessionTimeouts.DEFAULTS.resumeWindow(),
            Duration.ofSeconds(5), SessionTimeouts.DEFAULTS.transportFailureGrace(),
            SessionTimeouts.DEFAULTS.pingInterval(), SessionTimeouts.DEFAULTS.socketIdle(),
            SessionTimeouts.DEFAULTS.joinDeadline());

    private PatchbayServer server;
    private UdpImpairmentRelay relay;
    private TcpCutProxy proxy;
    private final List<DemoPage> pages = new ArrayList<>();
    private DemoPage a;
    private DemoPage b;
    private String aId;
    private String bId;
    /** A page whose browser is SIGSTOPped: not to be driven (its WebDriver calls would hang). */
    private DemoPage frozen;

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stopEverything() {
        for (DemoPage p : pages) p.close();
        pages.clear();
        if (proxy != null) proxy.close();
        if (relay != null) relay.close();
        if (server != null) server.close();
    }

    @Test
    void aClientWhoseNetworkVanishesIsRemovedWithReasonTimeout() throws Exception {
        startCall(false, SHORT_SILENCE);
        double silenceSeconds = SHORT_SILENCE.mediaSilence().toMillis() / 1000.0;
        List<InetSocketAddress> bAddresses = b.localCandidateAddresses();
        double markA = a.now();
        long start = System.nanoTime();
        for (InetSocketAddress x : bAddresses) relay.blackhole(x);
        frozen = b;
        List<Long> stopped = b.browser().suspendBrowser();
        System.out.printf("blackholed B's addresses %s in the relay and SIGSTOPped B's %d browser processes%n",
                bAddresses, stopped.size());
        JsonNode left;
        try {
            left = await("A gets participant-left for B (" + bId + ")", SHORT_SILENCE.mediaSilence().plusSeconds(20),
                    100, () -> lastFor(a.receivedSignals("participant-left"), bId), n -> n != null);
        } finally {
            b.browser().resumeBrowser();
            frozen = null;
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        double pageSeconds = (left.path("t").asDouble() - markA) / 1000;
        System.out.printf("B removed for A %.1f s after its network vanished (A's clock; %.1f s by the test's), "
                + "reason %s; relay %s%n", pageSeconds, wallSeconds, left.path("reason"), relay.stats());
        assertEquals("timeout", left.path("reason").asText(), "participant-left for B: " + left);
        // Not before B's media was silent for the timeout (B's last packets left just after markA), and soon after.
        assertTrue(pageSeconds >= silenceSeconds - 1, "removal took only " + pageSeconds + " s");
        assertTrue(pageSeconds <= silenceSeconds + 10, "removal took " + pageSeconds + " s");
    }

    @Test
    void anIceRestartWhileMediaFlowsKeepsVideoDecoding() throws Exception {
        startCall(false);
        a.startMonitor(bId);
        b.startMonitor(aId);
        awaitFramesGrow(40);
        JsonNode before = b.snapshot();
        double markB = b.now();
        b.restartIce();
        JsonNode after = await("B's connections use new ICE credentials on both ends and are connected again",
                Duration.ofSeconds(10), 50, b::snapshot,
                s -> restarted(before, s, "publisher") && restarted(before, s, "subscriber"));
        double restartMs = b.now() - markB;
        JsonNode aBefore = a.readMonitor();
        JsonNode bBefore = b.readMonitor();
        await("both pages decode 2 s of video more after the restart", Duration.ofSeconds(10), 100,
                () -> List.of(a.readMonitor(), b.readMonitor()),
                m -> grew(aBefore, m.get(0), 40) && grew(bBefore, m.get(1), 40));
        JsonNode aMon = a.readMonitor();
        JsonNode bMon = b.readMonitor();
        System.out.printf("ICE restart of both connections: new credentials and connected after %.0f ms; ufrags publisher %s -> %s"
                        + " (server %s -> %s), subscriber %s -> %s (server %s -> %s); longest gap between decoded"
                        + " frames: A<-B %.0f ms, B<-A %.0f ms; B's client lifecycle %s%n", restartMs,
                before.at("/publisher/localUfrag"), after.at("/publisher/localUfrag"),
                before.at("/publisher/remoteUfrag"), after.at("/publisher/remoteUfrag"),
                before.at("/subscriber/localUfrag"), after.at("/subscriber/localUfrag"),
                before.at("/subscriber/remoteUfrag"), after.at("/subscriber/remoteUfrag"),
                aMon.path("maxGapMs").asDouble(), bMon.path("maxGapMs").asDouble(), b.clientLifecycle());
        assertTrue(aMon.path("maxGapMs").asDouble() < 2000, "A froze on B's video: " + aMon);
        assertTrue(bMon.path("maxGapMs").asDouble() < 2000, "B froze on A's video: " + bMon);
        assertNoLeaveOrJoinOfB();
    }

    @Test
    void aClientWhosePathDiesRestartsIceByItselfAndIsDecodedAgain() throws Exception {
        startCall(false);
        a.startMonitor(bId);
        b.startMonitor(aId);
        awaitFramesGrow(20);
        JsonNode before = b.snapshot();
        List<InetSocketAddress> old = b.localCandidateAddresses();
        double markA = a.now();
        double markB = b.now();
        for (InetSocketAddress x : old) relay.blackhole(x);
        System.out.printf("blackholed B's addresses %s; relay mappings %s%n", old, relay.clients());
        List<JsonNode> recovered = await("A decodes B's video again and B decodes A's, on new addresses",
                Duration.ofSeconds(25), 100, () -> List.of(a.readMonitor(), b.readMonitor()),
                m -> resumedAfter(m.get(0), markA, 20) && resumedAfter(m.get(1), markB, 20));
        JsonNode after = b.snapshot();
        double aRecoveryMs = lastGapEnd(recovered.get(0), markA) - markA;
        double bRecoveryMs = lastGapEnd(recovered.get(1), markB) - markB;
        List<InetSocketAddress> now = b.localCandidateAddresses();
        System.out.printf("path change: A decodes B's video again %.0f ms after B's path died, B decodes A's %.0f ms"
                        + " after; B's publisher ufrag %s -> %s, subscriber %s -> %s; B's addresses now %s;"
                        + " B's client lifecycle %s; relay %s%n", aRecoveryMs, bRecoveryMs,
                before.at("/publisher/localUfrag"), after.at("/publisher/localUfrag"),
                before.at("/subscriber/localUfrag"), after.at("/subscriber/localUfrag"), now,
                b.clientLifecycle(), relay.stats());
        System.out.println("path change timeline, ms after the cut: " + timeline(b, markB, "B")
                + "; A decodes B again at " + Math.round(aRecoveryMs) + " (A<-B gaps " + gapsAfter(recovered.get(0), markA)
                + ", B<-A gaps " + gapsAfter(recovered.get(1), markB) + ")");
        assertNotEquals(before.at("/publisher/localUfrag"), after.at("/publisher/localUfrag"),
                "B recovered without an ICE restart of its publisher connection");
        // Chrome reports a dead path as disconnected after about 5 s, patchbay.js waits 1 s more before it restarts.
        assertTrue(aRecoveryMs < 15_000, "A decoded B again only after " + aRecoveryMs + " ms");
        assertEquals(bId, b.participantId(), "B's participant id");
        assertNoLeaveOrJoinOfB();
    }

    @Test
    void aCutSignalingConnectionResumesTheSameSession() throws Exception {
        startCall(true);
        a.startMonitor(bId);
        b.startMonitor(aId);
        awaitFramesGrow(20);
        long acceptedBefore = proxy.accepted();
        double markB = b.now();
        int cut = proxy.cut();
        System.out.printf("reset %d TCP connection(s) of B's page (its WebSocket among them)%n", cut);
        assertTrue(cut >= 1, "B's page had no open connection through the proxy");
        JsonNode resumedJoined = await("B gets joined with resumed: true on a new socket", Duration.ofSeconds(15), 50,
                () -> {
                    JsonNode joined = b.receivedSignals("joined");
                    JsonNode last = joined.size() > 1 ? joined.get(joined.size() - 1) : null;
                    return last != null && last.path("t").asDouble() > markB ? last : null;
                }, n -> n != null);
        double resumeMs = resumedJoined.path("t").asDouble() - markB;
        JsonNode aBefore = a.readMonitor();
        JsonNode bBefore = b.readMonitor();
        await("both pages decode 2 s of video more after the resume", Duration.ofSeconds(10), 100,
                () -> List.of(a.readMonitor(), b.readMonitor()),
                m -> grew(aBefore, m.get(0), 40) && grew(bBefore, m.get(1), 40));
        JsonNode aMon = a.readMonitor();
        JsonNode bMon = b.readMonitor();
        System.out.printf("WebSocket cut: B got joined (resumed %s, participantId %s) %.0f ms after the cut, on"
                        + " connection %d of the proxy; longest gap between decoded frames A<-B %.0f ms, B<-A %.0f ms;"
                        + " B's client lifecycle %s%n", resumedJoined.path("resumed"),
                resumedJoined.path("participantId").asText(), resumeMs, proxy.accepted(),
                aMon.path("maxGapMs").asDouble(), bMon.path("maxGapMs").asDouble(), b.clientLifecycle());
        System.out.println("WebSocket cut timeline, ms after the cut: " + timeline(b, markB, "B"));
        assertTrue(resumedJoined.path("resumed").asBoolean(), "B's joined after the cut: " + resumedJoined);
        assertEquals(bId, resumedJoined.path("participantId").asText(), "participant id after the resume");
        assertEquals(bId, b.participantId(), "B's room.participantId after the resume");
        assertTrue(proxy.accepted() > acceptedBefore, "B opened no new connection");
        assertNoLeaveOrJoinOfB();
        assertTrue(aMon.path("maxGapMs").asDouble() < 2000, "A froze on B's video: " + aMon);
        assertTrue(bMon.path("maxGapMs").asDouble() < 2000, "B froze on A's video: " + bMon);
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * Server reachable for media only at 127.0.0.2:P through the relay; A and B join one room and decode each other.
     * With {@code bThroughProxy} B's page (and so its WebSocket) goes through a {@link TcpCutProxy}.
     */
    private void startCall(boolean bThroughProxy) throws Exception {
        startCall(bThroughProxy, SessionTimeouts.DEFAULTS);
    }

    /** As {@link #startCall(boolean)} on a server with {@code timeouts}. */
    private void startCall(boolean bThroughProxy, SessionTimeouts timeouts) throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults()
                .withHttpHost("127.0.0.1").withHttpPort(0).withMediaPort(0)
                .withBindAddresses(List.of("127.0.0.1"))
                .withPublicAddress("127.0.0.2")
                .withAdvertiseBoundAddresses(false)
                .withUseClientCandidates(false), timeouts);
        int port = server.mediaPort();
        relay = UdpImpairmentRelay.builder(new InetSocketAddress("127.0.0.2", port),
                        new InetSocketAddress("127.0.0.1", port))
                .uplink(ImpairmentProfile.NONE).downlink(ImpairmentProfile.NONE)
                .seed(Direction.UPLINK, 3).seed(Direction.DOWNLINK, 5).name("lifecycle").build().start();
        String base = "http://127.0.0.1:" + server.httpPort();
        String bBase = base;
        if (bThroughProxy) {
            proxy = TcpCutProxy.start(new InetSocketAddress("127.0.0.1", server.httpPort()));
            bBase = "http://127.0.0.1:" + proxy.port();
        }
        String room = "life-" + UUID.randomUUID().toString().substring(0, 8);
        a = open("a", base, room);
        b = open("b", bBase, room);
        DemoPage.JoinOutcome aJoin = a.joinAndAwaitMedia(0, JOIN_TIMEOUT);
        assertTrue(aJoin.ok(), "A did not join: " + aJoin.raw());
        aId = aJoin.participantId();
        DemoPage.JoinOutcome bJoin = b.joinAndAwaitMedia(1, JOIN_TIMEOUT);
        assertTrue(bJoin.ok(), "B did not join or decode A: " + bJoin.raw());
        bId = bJoin.participantId();
        await("A decodes B's video", JOIN_TIMEOUT, 50, () -> a.framesFrom(bId), f -> f > 0);
        System.out.printf("A=%s and B=%s decode each other%n", aId, bId);
    }

    private DemoPage open(String name, String base, String room) throws Exception {
        DemoPage p = DemoPage.open(name, base, room);
        pages.add(p);
        return p;
    }

    /** Waits until both monitors counted {@code frames} more decoded frames. */
    private void awaitFramesGrow(int frames) {
        JsonNode a0 = a.readMonitor();
        JsonNode b0 = b.readMonitor();
        await("A and B both decode " + frames + " more frames", Duration.ofSeconds(10), 100,
                () -> List.of(a.readMonitor(), b.readMonitor()),
                m -> grew(a0, m.get(0), frames) && grew(b0, m.get(1), frames));
    }

    private static boolean grew(JsonNode before, JsonNode now, int frames) {
        return now.path("frames").asLong() - before.path("frames").asLong(0) >= frames;
    }

    /** Whether a connection uses new ICE credentials on both ends (an ICE restart) and is connected. */
    private static boolean restarted(JsonNode before, JsonNode now, String pc) {
        JsonNode b0 = before.path(pc);
        JsonNode n = now.path(pc);
        return "connected".equals(n.path("connection").asText())
                && !n.path("localUfrag").equals(b0.path("localUfrag"))
                && !n.path("remoteUfrag").equals(b0.path("remoteUfrag"));
    }

    /**
     * Whether decoding stopped after {@code mark} (a gap that ended after it) and went on for {@code frames} frames
     * since: a monitor sample shows a gap ending after the mark, and the frame count is not stalled now.
     */
    private static boolean resumedAfter(JsonNode monitor, double mark, int frames) {
        double gapEnd = lastGapEnd(monitor, mark);
        if (Double.isNaN(gapEnd)) return false;
        double sinceGapMs = monitor.path("now").asDouble() - gapEnd;
        return sinceGapMs >= frames * 50 && monitor.path("currentGapMs").asDouble() < 300;
    }

    /** End (page clock) of the last gap in decoding that ended after {@code mark}, or NaN. */
    private static double lastGapEnd(JsonNode monitor, double mark) {
        double end = Double.NaN;
        for (JsonNode g : monitor.path("gaps")) {
            if (g.path("end").asDouble() > mark && g.path("ms").asDouble() > 500) end = g.path("end").asDouble();
        }
        return end;
    }

    /**
     * The page's connection-state events and the client's lifecycle entries ({@code room.lifecycle}, where
     * patchbay.js records them) after {@code mark}, as "ms event" relative to it.
     */
    private static String timeline(DemoPage page, double mark, String label) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : page.events()) {
            double t = e.path("t").asDouble() - mark;
            if (t < 0) continue;
            String type = e.path("type").asText();
            if (type.equals("connectionstatechange")) out.add(String.format("%.0f %s room %s", t, label, e.path("state").asText()));
            else if (!type.equals("lifecycle")) out.add(String.format("%.0f %s %s", t, label, type));
        }
        for (JsonNode e : page.clientLifecycle().path("lifecycle")) {
            double t = e.path("t").asDouble() - mark;
            if (t < 0) continue;
            StringBuilder d = new StringBuilder(String.format("%.0f %s %s", t, label, e.path("event").asText()));
            e.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("t") && !f.getKey().equals("event")) d.append(' ').append(f.getKey()).append('=').append(f.getValue());
            });
            out.add(d.toString());
        }
        out.sort(java.util.Comparator.comparingDouble(x -> Double.parseDouble(x.substring(0, x.indexOf(' ')))));
        return String.join("; ", out);
    }

    private static String gapsAfter(JsonNode monitor, double mark) {
        List<String> out = new ArrayList<>();
        for (JsonNode g : monitor.path("gaps")) {
            if (g.path("end").asDouble() > mark) {
                out.add(String.format("%.0f..%.0f", g.path("start").asDouble() - mark, g.path("end").asDouble() - mark));
            }
        }
        return out.toString();
    }

    private static JsonNode lastFor(JsonNode messages, String participantId) {
        JsonNode found = null;
        for (JsonNode m : messages) {
            if (participantId.equals(m.path("participantId").asText())
                    || participantId.equals(m.at("/participant/id").asText())) {
                found = m;
            }
        }
        return found;
    }

    private void assertNoLeaveOrJoinOfB() {
        JsonNode left = lastFor(a.receivedSignals("participant-left"), bId);
        JsonNode joined = lastFor(a.receivedSignals("participant-joined"), bId);
        assertEquals(null, left, "A got participant-left for B");
        // B joined after A, so A saw B's participant-joined once, at the start.
        assertEquals(1, countFor(a.receivedSignals("participant-joined"), bId),
                "A got participant-joined for B more than once: " + joined);
    }

    private static int countFor(JsonNode messages, String participantId) {
        int n = 0;
        for (JsonNode m : messages) {
            if (participantId.equals(m.at("/participant/id").asText())) n++;
        }
        return n;
    }

    /**
     * Samples every {@code pollMs} until the condition holds; on timeout fails with the last sample and both pages'
     * states (connections, events, the client's lifecycle record).
     */
    private <T> T await(String what, Duration timeout, long pollMs, Supplier<T> sample, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException error = null;
        while (System.nanoTime() < deadline) {
            try {
                last = sample.get();
                error = null;
                if (done.test(last)) return last;
            } catch (RuntimeException e) {
                error = e;
            }
            try {
                Thread.sleep(pollMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        StringBuilder state = new StringBuilder();
        for (DemoPage p : pages) {
            if (p == frozen) {
                state.append("\n  ").append(p.name()).append(": its browser is stopped (SIGSTOP)");
                continue;
            }
            state.append("\n  ").append(p.describe());
            try {
                state.append("\n  ").append(p.name()).append(" diagnostics: ").append(p.diagnostics());
            } catch (RuntimeException e) {
                state.append(" (no diagnostics: ").append(e).append(')');
            }
        }
        AssertionError failure = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: "
                + what + "\nlast sample: " + last + "\npages:" + state + (relay == null ? "" : "\nrelay " + relay.stats()));
        if (error != null) failure.addSuppressed(error);
        System.out.println(failure.getMessage());
        throw failure;
    }
}

package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * End to end through real browsers: three headless Chromium instances (each with its own chromedriver, profile and
 * fake camera and microphone) open the demo page, join one room, publish, and receive each other through the server.
 *
 * <p>What is asserted, from each browser's {@code RTCPeerConnection.getStats()}: every participant decodes video
 * frames and receives audio packets from both others; when one leaves, the two others get {@code participantleft},
 * the departed participant's RTP counters stop, and the server renegotiates its tracks away.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian {@code chromium chromium-driver});
 * fails, never skips, without them. Everything runs on 127.0.0.1.
 */
class ThreeParticipantBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(15);
    private static final Duration MEDIA_DEADLINE = Duration.ofSeconds(30);
    private static final Duration LEAVE_DEADLINE = Duration.ofSeconds(10);
    /** Sustained-flow thresholds: about 2 s of the fake camera (20 fps) and of audio (50 packets/s). */
    private static final int SUSTAINED_FRAMES = 40;
    private static final int SUSTAINED_AUDIO_PACKETS = 100;

    /** Page state, per-track inbound stats and timings, as JSON. */
    private static final String STATS_JS = """
            const done = arguments[arguments.length - 1];
            const p = window.patchbay;
            if (!p || !p.room) { done('null'); return; }
            p.room.getStats().then(
              (stats) => done(JSON.stringify({
                participantId: p.room.participantId, state: p.room.connectionState,
                timing: p.timing, stats })),
              (e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** Raw inbound-rtp packet counters of the subscriber connection, by SSRC. */
    private static final String PACKETS_BY_SSRC_JS = """
            const done = arguments[arguments.length - 1];
            const pc = window.patchbay.room.peerConnections.subscriber;
            pc.getStats().then((report) => {
              const out = {};
              report.forEach((s) => { if (s.type === 'inbound-rtp') out[s.ssrc] = s.packetsReceived; });
              done(JSON.stringify(out));
            }, (e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** The m-sections of the subscriber connection's current remote offer, as parsed by patchbay.js. */
    private static final String SUBSCRIBER_SECTIONS_JS = """
            const done = arguments[arguments.length - 1];
            import('/patchbay.js').then((m) => {
              const pc = window.patchbay.room.peerConnections.subscriber;
              const sdp = pc && pc.remoteDescription ? pc.remoteDescription.sdp : '';
              done(JSON.stringify({ signalingState: pc ? pc.signalingState : null,
                                    sections: [...m.parseMsidSections(sdp).values()] }));
            }, (e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** Everything useful when something does not arrive: states, events, signaling log, SDPs, candidate pairs. */
    private static final String DIAGNOSTICS_JS = """
            const done = arguments[arguments.length - 1];
            const p = window.patchbay;
            const r = p && p.room;
            if (!r) { done(JSON.stringify({ url: location.href, room: null, events: p ? p.events : null })); return; }
            const pcs = r.peerConnections;
            const describe = async (pc) => {
              if (!pc) return null;
              const report = await pc.getStats();
              const pairs = [];
              report.forEach((s) => {
                if (s.type === 'candidate-pair') {
                  const l = report.get(s.localCandidateId), rc = report.get(s.remoteCandidateId);
                  pairs.push({ state: s.state, nominated: s.nominated, bytesSent: s.bytesSent,
                               bytesReceived: s.bytesReceived,
                               local: l && `${l.address}:${l.port} ${l.candidateType}`,
                               remote: rc && `${rc.address}:${rc.port} ${rc.candidateType}` });
                }
              });
              const transports = [];
              report.forEach((s) => { if (s.type === 'transport') transports.push(
                { dtlsState: s.dtlsState, iceState: s.iceState, srtpCipher: s.srtpCipher }); });
              return { connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState,
                       iceGatheringState: pc.iceGatheringState, signalingState: pc.signalingState,
                       pairs, transports,
                       localSdp: pc.localDescription && pc.localDescription.sdp,
                       remoteSdp: pc.remoteDescription && pc.remoteDescription.sdp };
            };
            Promise.all([describe(pcs.publisher), describe(pcs.subscriber)]).then(([publisher, subscriber]) =>
              done(JSON.stringify({
                url: location.href, state: r.connectionState, participantId: r.participantId,
                participants: [...r.participants.values()].map((x) => ({ id: x.id, name: x.name,
                  tracks: [...x.tracks.values()].map((t) => ({ id: t.id, kind: t.kind, muted: t.muted,
                    mid: t.mid, live: !!t.mediaTrack })) })),
                localTracks: r.localTracks.map((t) => ({ kind: t.kind, trackId: t.trackId, muted: t.muted })),
                events: p.events,
                signals: p.signals.map((s) => `${Math.round(s.t)} ${s.direction} ${s.type}`
                  + (s.message.pc ? ' ' + s.message.pc : '') + (s.message.code ? ' ' + s.message.code : '')),
                publisher, subscriber })),
              (e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** Opens a second, raw WebSocket from the page and talks the protocol by hand, with malformed messages. */
    private static final String RAW_PROBE_JS = """
            const [roomName, done] = arguments;
            const ws = new WebSocket(`ws://${location.host}/ws`);
            const inbox = [];
            let waiter = null;
            ws.onmessage = (e) => { let m; try { m = JSON.parse(e.data); } catch { m = { unparsable: e.data }; }
                                    inbox.push(m); if (waiter) waiter(); };
            const next = (type, ms = 5000) => new Promise((resolve, reject) => {
              const timer = setTimeout(() => { waiter = null;
                reject(new Error(`no ${type} within ${ms} ms; inbox ${JSON.stringify(inbox)}; readyState ${ws.readyState}`)); }, ms);
              const check = () => {
                const i = inbox.findIndex((m) => m.type === type);
                if (i >= 0) { clearTimeout(timer); waiter = null; resolve(inbox.splice(i, 1)[0]); }
              };
              waiter = check;
              check();
            });
            (async () => {
              await new Promise((resolve, reject) => { ws.onopen = resolve;
                ws.onerror = () => reject(new Error('cannot open ' + ws.url)); });
              ws.send('not json');
              const beforeJoin = await next('error');
              ws.send(JSON.stringify({ type: 'join', room: roomName, name: 'raw' }));
              const joined = await next('joined');
              ws.send('{"type":');
              const afterJoin = await next('error');
              const readyState = ws.readyState;
              ws.send(JSON.stringify({ type: 'leave' }));
              return { beforeJoin, joined, afterJoin, readyState };
            })().then((r) => done(JSON.stringify(r)),
                      (e) => done(JSON.stringify({ failure: String(e), readyState: ws.readyState })));
            """;

    private static PatchbayServer server;
    private static String baseUrl;

    /** Browsers of the running test, by participant name, for diagnostics and clean-up. */
    private final Map<String, HeadlessChromium> browsers = new LinkedHashMap<>();

    @BeforeAll
    static void startServer() throws Exception {
        HeadlessChromium.assertInstalled();
        server = PatchbayServer.start(PatchbayConfig.defaults()
                .withHttpHost("127.0.0.1")
                .withHttpPort(0)
                .withMediaPort(0)
                .withBindAddresses(List.of("127.0.0.1")));
        baseUrl = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        List<HeadlessChromium> open = new ArrayList<>(browsers.values());
        browsers.clear();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void threeParticipantsReceiveEachOtherAndSeeOneLeave() throws Exception {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = List.of("p1", "p2", "p3");
        for (String name : names) {
            browsers.put(name, HeadlessChromium.launch(name));
        }
        long openedAtNanos = System.nanoTime();
        for (String name : names) {
            browsers.get(name).driver().get(baseUrl + "/?room=" + room + "&name=" + name + "&autojoin=1");
        }

        Map<String, String> ids = await("all three pages joined room " + room, JOIN_DEADLINE,
                this::participantIds, m -> m.size() == names.size(), Object::toString);
        System.out.printf("joined %s: %s%n", room, ids);

        // Media: every participant decodes video from and receives audio from both others.
        Map<String, Map<String, Received>> first = await(
                "every participant decodes video (framesDecoded > 0) and receives audio (packetsReceived > 0)"
                        + " from both others",
                MEDIA_DEADLINE, this::receptionMatrix, m -> everyPairAtLeast(m, names, 1, 1),
                ThreeParticipantBrowserTest::formatMatrix);
        double firstFlowSeconds = (System.nanoTime() - openedAtNanos) / 1e9;
        System.out.printf("all 6 directions flowing %.2f s after the pages were opened%n%s",
                firstFlowSeconds, formatMatrix(first));

        Map<String, Map<String, Received>> sustained = await(
                "sustained flow: >= " + SUSTAINED_FRAMES + " frames decoded and >= " + SUSTAINED_AUDIO_PACKETS
                        + " audio packets per direction",
                MEDIA_DEADLINE, this::receptionMatrix,
                m -> everyPairAtLeast(m, names, SUSTAINED_FRAMES, SUSTAINED_AUDIO_PACKETS),
                ThreeParticipantBrowserTest::formatMatrix);
        System.out.printf("sustained flow:%n%s", formatMatrix(sustained));
        for (String receiver : names) {
            for (String sender : names) {
                if (!receiver.equals(sender)) {
                    Received r = sustained.get(receiver).get(sender);
                    assertTrue(r.frameWidth() > 0 && r.frameHeight() > 0, receiver + " <- " + sender + ": " + r);
                }
            }
        }
        // patchbay.js puts Opus RED first for audio and the server answers red/48000/2 first, so Chromium publishes
        // RED (RFC 2198); receivers that accept it get it as is (their stats name the primary codec, Opus).
        for (String name : names) {
            JsonNode server = parse((String) browsers.get(name).asyncScript("""
                    const done = arguments[arguments.length - 1];
                    window.patchbay.room.getServerStats().then((s) => done(JSON.stringify(s)), () => done('{}'));
                    """));
            for (JsonNode t : server.path("publisher").path("tracks")) {
                if ("audio".equals(t.path("kind").asText())) {
                    System.out.printf("server received %d RED packets of %d from %s%n", t.path("redPacketsReceived").asLong(),
                            t.path("packetsReceived").asLong(), name);
                    assertTrue(t.path("redPacketsReceived").asLong() > 0, name + " does not publish RED: " + server);
                }
            }
        }
        printFirstFrameTimes(names, ids);
        for (String name : names) {
            System.out.printf("memory %s: %d MiB (chromedriver + browser processes, PSS)%n",
                    name, browsers.get(name).memoryMiB());
        }

        // p3 leaves through the page's Leave button.
        String p3 = ids.get("p3");
        Map<String, Set<Long>> p3Ssrcs = new TreeMap<>();
        for (String receiver : List.of("p1", "p2")) {
            p3Ssrcs.put(receiver, ssrcsFrom(receiver, "p3"));
            assertEquals(2, p3Ssrcs.get(receiver).size(), receiver + " should receive 2 streams from p3");
        }
        long leaveAtNanos = System.nanoTime();
        browsers.get("p3").driver().findElement(By.id("leave-button")).click();

        await("p1 and p2 get participantleft for p3 (" + p3 + ")", LEAVE_DEADLINE,
                () -> List.of(hasEvent("p1", "participantleft", p3), hasEvent("p2", "participantleft", p3)),
                seen -> !seen.contains(false), seen -> "p1, p2: " + seen);
        System.out.printf("participantleft for p3 on p1 and p2 %.0f ms after the click%n",
                (System.nanoTime() - leaveAtNanos) / 1e6);
        assertEquals("closed", pageState("p3").path("state").asText(), "p3's room state after leave");

        // p3's RTP counters on p1 and p2 stop; p1 <-> p2 keeps flowing over the same window (the control).
        Map<String, Map<Long, Long>> before = new TreeMap<>();
        for (String receiver : List.of("p1", "p2")) {
            before.put(receiver, packetsBySsrc(receiver));
        }
        Map<String, Map<String, Received>> controlBefore = receptionMatrix();
        Thread.sleep(2000); // a measurement window: nothing to await, we check that nothing arrives
        for (String receiver : List.of("p1", "p2")) {
            Map<Long, Long> after = packetsBySsrc(receiver);
            for (long ssrc : p3Ssrcs.get(receiver)) {
                Long b = before.get(receiver).get(ssrc);
                Long a = after.get(ssrc);
                System.out.printf("%s: p3 ssrc %d packetsReceived %s -> %s over 2 s%n", receiver, ssrc,
                        b == null ? "(gone from stats)" : b, a == null ? "(gone from stats)" : a);
                if (a != null && b != null) {
                    assertEquals(b, a, receiver + " still receives p3's ssrc " + ssrc + " after p3 left");
                }
            }
        }
        Map<String, Map<String, Received>> controlAfter = receptionMatrix();
        for (String receiver : List.of("p1", "p2")) {
            String other = receiver.equals("p1") ? "p2" : "p1";
            Received now = controlAfter.get(receiver).get(other);
            Received was = controlBefore.get(receiver).get(other);
            System.out.printf("control %s <- %s over the same window: frames decoded %d -> %d, video packets %d -> %d,"
                            + " audio packets %d -> %d%n", receiver, other, was.framesDecoded(), now.framesDecoded(),
                    was.videoPackets(), now.videoPackets(), was.audioPackets(), now.audioPackets());
            if (now.framesDecoded() <= was.framesDecoded() || now.audioPackets() <= was.audioPackets()) {
                String summary = dumpDiagnostics();
                fail(receiver + " <- " + other + " stopped flowing after p3 left: frames decoded "
                        + was.framesDecoded() + " -> " + now.framesDecoded() + ", video packets " + was.videoPackets()
                        + " -> " + now.videoPackets() + ", audio packets " + was.audioPackets() + " -> "
                        + now.audioPackets() + " over 2 s\npages:\n" + summary);
            }
        }

        // The server renegotiates p3's m-sections away on both remaining subscribers.
        await("the subscriber offers of p1 and p2 no longer carry p3's tracks", LEAVE_DEADLINE,
                () -> List.of(subscriberSections("p1"), subscriberSections("p2")),
                list -> list.stream().allMatch(s -> "stable".equals(s.path("signalingState").asText())
                        && !carriesActive(s, p3)),
                Object::toString);
    }

    @Test
    void malformedMessageGetsBadJsonErrorAndTheSessionStaysUsable() throws Exception {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        HeadlessChromium browser = HeadlessChromium.launch("bad-json");
        browsers.put("p1", browser);
        browser.driver().get(baseUrl + "/?room=" + room + "&name=p1&autojoin=1");
        await("p1 joined", JOIN_DEADLINE, this::participantIds, m -> m.containsKey("p1"), Object::toString);

        JsonNode probe = JSON.readTree((String) browser.asyncScript(RAW_PROBE_JS, room));
        System.out.println("raw WebSocket probe: " + probe);
        assertFalse(probe.has("failure"), () -> "raw WebSocket probe failed: " + probe);
        assertEquals("bad-json", probe.at("/beforeJoin/code").asText(), "error for 'not json' before join");
        assertEquals("joined", probe.at("/joined/type").asText(), "join after a malformed message");
        boolean seesP1 = false;
        for (JsonNode p : probe.at("/joined/participants")) {
            seesP1 |= "p1".equals(p.path("name").asText());
        }
        assertTrue(seesP1, "the raw session's joined lists p1: " + probe.get("joined"));
        assertEquals("bad-json", probe.at("/afterJoin/code").asText(), "error for truncated JSON after join");
        assertEquals(1, probe.get("readyState").asInt(), "the WebSocket stays open (OPEN = 1) after bad JSON");

        String rawId = probe.at("/joined/participantId").asText();
        await("p1 sees the raw session join and leave", LEAVE_DEADLINE,
                () -> List.of(hasEvent("p1", "participantjoined", rawId), hasEvent("p1", "participantleft", rawId)),
                seen -> !seen.contains(false), seen -> "participantjoined, participantleft: " + seen);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Reading the pages

    /** What one participant receives from one other. */
    record Received(long framesDecoded, long videoPackets, long audioPackets, int frameWidth, int frameHeight,
            double framesPerSecond, long nackCount, long freezeCount) {
    }

    private JsonNode pageState(String name) {
        return parse((String) browsers.get(name).asyncScript(STATS_JS));
    }

    /** Participant ids of the pages that have joined, by name. */
    private Map<String, String> participantIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : browsers.keySet()) {
            JsonNode state = pageState(name);
            if (state.hasNonNull("participantId")) {
                ids.put(name, state.get("participantId").asText());
            }
        }
        return ids;
    }

    /** receiver -> sender -> what the receiver's getStats() reports for the sender's tracks. */
    private Map<String, Map<String, Received>> receptionMatrix() {
        Map<String, Map<String, Received>> matrix = new TreeMap<>();
        for (String receiver : browsers.keySet()) {
            Map<String, Received> row = new TreeMap<>();
            JsonNode state = pageState(receiver);
            for (JsonNode s : state.path("stats")) {
                String sender = s.path("participantName").asText("");
                if (sender.isEmpty()) {
                    continue;
                }
                Received r = row.getOrDefault(sender, new Received(0, 0, 0, 0, 0, 0, 0, 0));
                if ("video".equals(s.path("kind").asText())) {
                    r = new Received(r.framesDecoded() + s.path("framesDecoded").asLong(),
                            r.videoPackets() + s.path("packetsReceived").asLong(), r.audioPackets(),
                            Math.max(r.frameWidth(), s.path("frameWidth").asInt()),
                            Math.max(r.frameHeight(), s.path("frameHeight").asInt()),
                            s.path("framesPerSecond").asDouble(), r.nackCount() + s.path("nackCount").asLong(),
                            r.freezeCount() + s.path("freezeCount").asLong());
                } else {
                    r = new Received(r.framesDecoded(), r.videoPackets(),
                            r.audioPackets() + s.path("packetsReceived").asLong(), r.frameWidth(), r.frameHeight(),
                            r.framesPerSecond(), r.nackCount(), r.freezeCount());
                }
                row.put(sender, r);
            }
            matrix.put(receiver, row);
        }
        return matrix;
    }

    private static boolean everyPairAtLeast(Map<String, Map<String, Received>> m, List<String> names,
            long frames, long audioPackets) {
        for (String receiver : names) {
            for (String sender : names) {
                if (receiver.equals(sender)) {
                    continue;
                }
                Received r = m.getOrDefault(receiver, Map.of()).get(sender);
                if (r == null || r.framesDecoded() < frames || r.audioPackets() < audioPackets) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String formatMatrix(Map<String, Map<String, Received>> m) {
        StringBuilder out = new StringBuilder();
        m.forEach((receiver, row) -> {
            if (row.isEmpty()) {
                out.append(String.format("  %s receives nothing yet%n", receiver));
            }
            row.forEach((sender, r) -> out.append(String.format(
                    "  %s <- %s: framesDecoded %4d (%dx%d, %.0f fps, video packets %d, nacks %d, freezes %d),"
                            + " audio packets %d%n",
                    receiver, sender, r.framesDecoded(), r.frameWidth(), r.frameHeight(), r.framesPerSecond(),
                    r.videoPackets(), r.nackCount(), r.freezeCount(), r.audioPackets())));
        });
        return out.toString();
    }

    /** Join-to-first-frame per direction, from the page's own timing (performance.now() based). */
    private void printFirstFrameTimes(List<String> names, Map<String, String> ids) {
        for (String receiver : names) {
            JsonNode timing = pageState(receiver).path("timing");
            double joinStarted = timing.path("joinStartedAt").asDouble();
            for (String sender : names) {
                if (receiver.equals(sender)) {
                    continue;
                }
                JsonNode frameAt = timing.path("firstFrameAt").path(ids.get(sender));
                System.out.printf("first frame %s <- %s: %s ms after %s clicked join (joined after %.0f ms)%n",
                        receiver, sender, frameAt.isMissingNode() ? "n/a" : String.format("%.0f",
                                frameAt.asDouble() - joinStarted),
                        receiver, timing.path("joinedAt").asDouble() - joinStarted);
            }
        }
    }

    private Set<Long> ssrcsFrom(String receiver, String senderName) {
        Set<Long> ssrcs = new java.util.TreeSet<>();
        for (JsonNode s : pageState(receiver).path("stats")) {
            if (senderName.equals(s.path("participantName").asText())) {
                ssrcs.add(s.path("ssrc").asLong());
            }
        }
        return ssrcs;
    }

    private Map<Long, Long> packetsBySsrc(String receiver) {
        JsonNode node = parse((String) browsers.get(receiver).asyncScript(PACKETS_BY_SSRC_JS));
        Map<Long, Long> out = new TreeMap<>();
        node.fields().forEachRemaining(e -> out.put(Long.parseLong(e.getKey()), e.getValue().asLong()));
        return out;
    }

    private JsonNode subscriberSections(String receiver) {
        return parse((String) browsers.get(receiver).asyncScript(SUBSCRIBER_SECTIONS_JS));
    }

    private static boolean carriesActive(JsonNode sections, String participantId) {
        for (JsonNode s : sections.path("sections")) {
            if (s.path("active").asBoolean() && participantId.equals(s.path("participantId").asText())) {
                return true;
            }
        }
        return false;
    }

    private boolean hasEvent(String page, String type, String participantId) {
        Object seen = browsers.get(page).script(
                "return (window.patchbay.events || []).some((e) => e.type === arguments[0]"
                        + " && e.participantId === arguments[1]);", type, participantId);
        return Boolean.TRUE.equals(seen);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Waiting

    /**
     * Samples until the condition holds or the deadline passes (polling every 250 ms); on timeout dumps every page's
     * diagnostics to stdout and fails with the last sample.
     */
    private <T> T await(String what, Duration timeout, Supplier<T> sample, Predicate<T> done,
            Function<T, String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = sample.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
        String summary = dumpDiagnostics();
        String lastText = last == null ? "nothing" : describe.apply(last);
        AssertionError failure = new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: "
                + what + "\nlast sample:\n" + lastText + "\npages:\n" + summary
                + "server: " + JoinLoop.serverCounters(baseUrl) + "\n"
                + "(see the test output for every page's events, signaling log and SDPs)");
        if (lastError != null) {
            failure.addSuppressed(lastError);
        }
        throw failure;
    }

    /** Prints every page's full diagnostics to stdout; returns a one-line summary per page. */
    private String dumpDiagnostics() {
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<String, HeadlessChromium> e : browsers.entrySet()) {
            System.out.println("==================== diagnostics of " + e.getKey() + " ====================");
            try {
                JsonNode d = parse((String) e.getValue().asyncScript(DIAGNOSTICS_JS));
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d));
                summary.append(String.format("  %s: room %s; publisher %s; subscriber %s; errors %s%n", e.getKey(),
                        d.path("state").asText(), pcSummary(d.path("publisher")), pcSummary(d.path("subscriber")),
                        errors(d.path("events"))));
                summary.append("    server -> ").append(e.getKey()).append(": ")
                        .append(serverView(parse((String) e.getValue().asyncScript(DemoPage.SERVER_STATS_JS))))
                        .append('\n');
            } catch (RuntimeException | JsonProcessingException ex) {
                System.out.println("(diagnostics unavailable: " + ex + ")");
                summary.append("  ").append(e.getKey()).append(": diagnostics unavailable: ").append(ex).append('\n');
            }
            System.out.println("---- console of " + e.getKey());
            e.getValue().consoleLog().forEach(System.out::println);
        }
        return summary.toString();
    }

    /** The server's estimate toward a page and, per video it forwards there, the layer and packets sent. */
    private static String serverView(JsonNode stats) {
        JsonNode sub = stats.path("subscriber");
        StringBuilder out = new StringBuilder(String.format("estimate %d kbps, loss %.1f%%;",
                sub.path("estimatedBandwidthBps").asLong() / 1000, sub.path("lossFraction").asDouble() * 100));
        for (JsonNode t : sub.path("tracks")) {
            if (!"video".equals(t.path("kind").asText())) continue;
            out.append(String.format(" %s video layer %s (%d lines), %d packets;", t.path("participantId").asText(),
                    t.path("layer").asText("-"), t.path("layerHeight").asInt(), t.path("packetsSent").asLong()));
        }
        return out.toString();
    }

    private static String pcSummary(JsonNode pc) {
        if (pc.isMissingNode() || pc.isNull()) {
            return "none";
        }
        List<String> dtls = new ArrayList<>();
        pc.path("transports").forEach(t -> dtls.add(t.path("dtlsState").asText()));
        return String.format("connection %s, ice %s, dtls %s, signaling %s", pc.path("connectionState").asText(),
                pc.path("iceConnectionState").asText(), dtls, pc.path("signalingState").asText());
    }

    private static List<String> errors(JsonNode events) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            if ("error".equals(e.path("type").asText()) || "join-failed".equals(e.path("type").asText())) {
                out.add(e.path("code").asText() + ": " + e.path("message").asText());
            }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        assertNotNull(json, "script returned nothing");
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            fail("script returned invalid JSON: " + json, e);
            return null;
        }
    }
}

package io.patchbay.signaling.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One headless Chromium on the demo page ({@code /?room=R&name=N}, without autojoin), driven through the page's test
 * hook {@code window.patchbay} (app.js: {@code join()}, {@code leave()}, {@code room}, {@code events},
 * {@code signals}, {@code timing}) and the public API of the {@code Room} of patchbay.js.
 *
 * <p>Everything that waits for the page waits inside the page (polling {@code getStats()} every 20 ms), so a
 * measured time is the page's own clock and no WebDriver round trip is on the measured path.
 *
 * <p>Called from one thread at a time (WebDriver is not thread-safe).
 */
final class DemoPage implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Calls the page's {@code join()} and polls every 20 ms until the publisher connection is connected and video
     * from {@code expectedRemoteVideos} other participants has been decoded (framesDecoded > 0), or the in-page
     * timeout passes. Times are ms after the join call, by the page's {@code performance.now()}.
     */
    private static final String JOIN_AND_MEASURE_JS = """
            const [expectedRemoteVideos, timeoutMs, done] = arguments;
            const pb = window.patchbay;
            const t0 = performance.now();
            const t0Epoch = Date.now();
            const firstDecodedMs = {};
            let publisherConnectedMs = null, subscriberConnectedMs = null, joinError = null, joinReturnedMs = null;
            const pcStates = [];
            pb.join().then(() => { joinReturnedMs = performance.now() - t0; },
                           (e) => { joinError = String(e); });
            const describe = async (pc) => {
              if (!pc) return null;
              const report = await pc.getStats();
              const pairs = [];
              report.forEach((s) => {
                if (s.type !== 'candidate-pair') return;
                const l = report.get(s.localCandidateId), r = report.get(s.remoteCandidateId);
                pairs.push(`${l && l.address}:${l && l.port} -> ${r && r.address}:${r && r.port} ${s.state}`
                  + `${s.nominated ? ' nominated' : ''} req ${s.requestsSent}/${s.requestsReceived}`
                  + ` resp ${s.responsesReceived}/${s.responsesSent}`);
              });
              let selected = null;
              report.forEach((s) => { if (s.type === 'transport') selected = { ice: s.iceState, dtls: s.dtlsState,
                selectedPair: s.selectedCandidatePairId || null, role: s.iceRole || null }; });
              return { connection: pc.connectionState, ice: pc.iceConnectionState, signaling: pc.signalingState,
                       transport: selected, pairs };
            };
            const finish = async (ok) => {
              const room = pb.room;
              // Timestamps of the page (app.js) and of the client (room.timing, where patchbay.js has it), as ms
              // after the join call: performance.now() values, or Date.now() ones (epoch ms).
              const relative = (o) => {
                const rel = {};
                if (!o || typeof o !== 'object') return rel;
                for (const [k, v] of Object.entries(o)) {
                  if (typeof v === 'number') rel[k] = v > 1e12 ? v - t0Epoch : v - t0;
                  else if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(relative(v))) rel[`${k}.${k2}`] = v2;
                }
                return rel;
              };
              const out = { ok, joinError, joinReturnedMs, elapsedMs: performance.now() - t0, firstDecodedMs,
                publisherConnectedMs, subscriberConnectedMs, participantId: room && room.participantId,
                appTiming: relative(pb.timing), roomTiming: relative(room && room.timing),
                roomTimingRaw: (room && room.timing) || null };
              if (!ok && room) {
                out.publisher = await describe(room.peerConnections.publisher);
                out.subscriber = await describe(room.peerConnections.subscriber);
                out.state = room.connectionState;
                out.events = pb.events.slice(-20);
                out.signals = pb.signals.slice(-30).map((s) => `${Math.round(s.t - t0)} ${s.direction} ${s.type}`
                  + (s.message.pc ? ' ' + s.message.pc : '') + (s.message.code ? ' ' + s.message.code : ''));
              }
              done(JSON.stringify(out));
            };
            const poll = async () => {
              const now = performance.now() - t0;
              const room = pb.room;
              try {
                const pcs = room ? room.peerConnections : {};
                if (publisherConnectedMs == null && pcs.publisher && pcs.publisher.connectionState === 'connected')
                  publisherConnectedMs = now;
                if (subscriberConnectedMs == null && pcs.subscriber && pcs.subscriber.connectionState === 'connected')
                  subscriberConnectedMs = now;
                if (pcs.subscriber) {
                  for (const s of await room.getStats()) {
                    if (s.kind === 'video' && s.participantId && s.framesDecoded > 0
                        && firstDecodedMs[s.participantId] == null) {
                      firstDecodedMs[s.participantId] = performance.now() - t0;
                    }
                  }
                }
              } catch (e) { /* the room is being set up: sample again */ }
              if (Object.keys(firstDecodedMs).length >= expectedRemoteVideos && publisherConnectedMs != null) {
                finish(true);
              } else if (joinError != null || performance.now() - t0 > timeoutMs) {
                finish(false);
              } else {
                setTimeout(poll, 20);
              }
            };
            setTimeout(poll, 20);
            """;

    private static final String DIAGNOSTICS_JS = """
            const done = arguments[arguments.length - 1];
            const pb = window.patchbay;
            const room = pb && pb.room;
            if (!room) { done(JSON.stringify({ room: null })); return; }
            const describe = async (pc) => {
              if (!pc) return null;
              const report = await pc.getStats();
              const pairs = [];
              report.forEach((s) => {
                if (s.type !== 'candidate-pair') return;
                const l = report.get(s.localCandidateId), r = report.get(s.remoteCandidateId);
                pairs.push(`${l && l.address}:${l && l.port} -> ${r && r.address}:${r && r.port} ${s.state}`
                  + `${s.nominated ? ' nominated' : ''} req ${s.requestsSent}/${s.requestsReceived}`
                  + ` resp ${s.responsesReceived}/${s.responsesSent}`);
              });
              const sections = (d) => d ? d.sdp.split(/\\r?\\nm=/).length - 1 : 0;
              const mids = (d) => d ? [...d.sdp.matchAll(/a=mid:(\\S+)/g)].map((m) => m[1]).join(',') : '';
              const inbound = [];
              report.forEach((s) => { if (s.type === 'inbound-rtp') inbound.push(`${s.kind} mid ${s.mid} ssrc ${s.ssrc}`
                + ` packets ${s.packetsReceived}` + (s.kind === 'video' ? ` frames ${s.framesDecoded}` : '')); });
              // Per remote m-section: mid, direction and first SSRC, to match with what the server says it sends.
              const layout = (d) => d ? d.sdp.split(/\\r?\\nm=/).slice(1).map((m) => {
                const mid = (m.match(/a=mid:(\\S+)/) || [])[1];
                const dir = (m.match(/a=(sendrecv|sendonly|recvonly|inactive)/) || [])[1];
                const ssrc = (m.match(/a=ssrc:(\\d+)/) || [])[1];
                return `${m.split(' ')[0]} ${mid} ${dir}${ssrc ? ' ' + ssrc : ''}${m.startsWith('video 0') || m.startsWith('audio 0') ? ' port0' : ''}`;
              }).join('; ') : '';
              return { connection: pc.connectionState, ice: pc.iceConnectionState, signaling: pc.signalingState,
                       localSections: sections(pc.localDescription), remoteSections: sections(pc.remoteDescription),
                       remoteMids: mids(pc.remoteDescription), remoteLayout: layout(pc.remoteDescription), pairs, inbound };
            };
            // The server's view of this participant's subscriber (what it forwards, drops and why), 2 s at most.
            const server = Promise.race([room.getServerStats().then((s) => s.subscriber, (e) => String(e)),
              new Promise((r) => setTimeout(() => r('no answer in 2 s'), 2000))]);
            Promise.all([describe(room.peerConnections.publisher), describe(room.peerConnections.subscriber), server])
              .then(([publisher, subscriber, serverSubscriber]) => done(JSON.stringify({
                  participantId: room.participantId, state: room.connectionState, publisher, subscriber,
                  serverSubscriber,
                  events: pb.events.slice(-15).map((e) => `${Math.round(e.t)} ${e.type}`
                    + (e.code ? ' ' + e.code + ': ' + e.message : '') + (e.state ? ' ' + e.state : '')
                    + (e.participantId ? ' ' + e.participantId : '')),
                  signals: pb.signals.slice(-15).map((s) => `${Math.round(s.t)} ${s.direction} ${s.type}`
                    + (s.message.pc ? ' ' + s.message.pc : '') + (s.message.code ? ' ' + s.message.code : '')
                    + (s.message.reason ? ' ' + s.message.reason : '')) })),
                (e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** The server's statistics of this participant ({@code stats} message, docs/protocol.md), or {@code {}}. */
    static final String SERVER_STATS_JS = """
            const done = arguments[arguments.length - 1];
            window.patchbay.room.getServerStats().then((s) => done(JSON.stringify(s)), (e) => done('{}'));
            """;

    /** Frames decoded per remote participant id (video only), the room state and the two connection states. */
    private static final String SNAPSHOT_JS = """
            const done = arguments[arguments.length - 1];
            const pb = window.patchbay;
            const room = pb && pb.room;
            if (!room) { done(JSON.stringify({ room: null })); return; }
            const pcs = room.peerConnections;
            const ufrag = (d) => { const m = d && /a=ice-ufrag:(\\S+)/.exec(d.sdp); return m ? m[1] : null; };
            const pcState = (pc) => pc && { connection: pc.connectionState, ice: pc.iceConnectionState,
              localUfrag: ufrag(pc.localDescription), remoteUfrag: ufrag(pc.remoteDescription) };
            room.getStats().then((stats) => {
              const frames = {};
              for (const s of stats) if (s.kind === 'video' && s.participantId)
                frames[s.participantId] = (frames[s.participantId] || 0) + (s.framesDecoded || 0);
              done(JSON.stringify({ participantId: room.participantId, state: room.connectionState, frames,
                publisher: pcState(pcs.publisher), subscriber: pcState(pcs.subscriber) }));
            }, (e) => done(JSON.stringify({ error: String(e) })));
            """;

    /**
     * Starts (or restarts) an in-page monitor of one remote participant's decoded video: every 50 ms it samples
     * framesDecoded and records each gap between two increases longer than 300 ms (start, end, by the page clock).
     */
    private static final String START_MONITOR_JS = """
            const [participantId] = arguments;
            if (window.__pbMonitor) clearInterval(window.__pbMonitor.timer);
            const m = { participantId, frames: null, lastIncreaseAt: null, maxGapMs: 0, gaps: [], samples: 0,
                        busy: false, startedAt: performance.now() };
            m.timer = setInterval(async () => {
              if (m.busy) return;
              m.busy = true;
              try {
                const room = window.patchbay.room;
                if (!room) return;
                let f = 0, packets = 0, keyframes = 0;
                for (const s of await room.getStats()) {
                  if (s.kind !== 'video' || s.participantId !== participantId) continue;
                  f += s.framesDecoded || 0;
                  packets += s.packetsReceived || 0;
                  keyframes += s.keyFramesDecoded || 0;
                }
                const now = performance.now();
                m.samples++;
                m.packets = packets;
                if (m.frames == null || f < m.frames) {
                  m.frames = f; m.lastIncreaseAt = now; m.packetsAtIncrease = packets; return;
                }
                if (f > m.frames) {
                  const gap = now - m.lastIncreaseAt;
                  if (gap > m.maxGapMs) m.maxGapMs = gap;
                  // packets: video packets received during the gap (media arriving but not decodable, or none)
                  if (gap > 300) m.gaps.push({ start: m.lastIncreaseAt, end: now, ms: gap,
                                               packets: packets - m.packetsAtIncrease, keyframes });
                  m.frames = f;
                  m.lastIncreaseAt = now;
                  m.packetsAtIncrease = packets;
                }
              } catch (e) { /* sample again */ } finally { m.busy = false; }
            }, 50);
            window.__pbMonitor = m;
            return performance.now();
            """;

    private static final String READ_MONITOR_JS = """
            const m = window.__pbMonitor;
            if (!m) return JSON.stringify(null);
            const now = performance.now();
            return JSON.stringify({ now, frames: m.frames, packets: m.packets, samples: m.samples, maxGapMs: m.maxGapMs,
              currentGapMs: m.lastIncreaseAt == null ? null : now - m.lastIncreaseAt, gaps: m.gaps,
              startedAt: m.startedAt });
            """;

    private final String name;
    private final HeadlessChromium browser;

    private DemoPage(String name, HeadlessChromium browser) {
        this.name = name;
        this.browser = browser;
    }

    /** Launches a browser and loads the demo page from {@code baseUrl} for {@code room}, without joining. */
    static DemoPage open(String name, String baseUrl, String room) throws IOException {
        return open(name, baseUrl, room, List.of());
    }

    /** As {@link #open(String, String, String)} with more browser flags. */
    static DemoPage open(String name, String baseUrl, String room, List<String> browserFlags) throws IOException {
        return open(name, baseUrl, room, browserFlags, "");
    }

    /** As {@link #open(String, String, String, List)} with more of the demo page's parameters ({@code &codec=AV1}). */
    static DemoPage open(String name, String baseUrl, String room, List<String> browserFlags, String query)
            throws IOException {
        DemoPage page = new DemoPage(name, HeadlessChromium.launch(name, browserFlags));
        try {
            page.load(baseUrl, room, query);
            return page;
        } catch (RuntimeException e) {
            page.close();
            throw e;
        }
    }

    /** Launches a browser on an empty page; {@link #load} the demo page before anything else. */
    static DemoPage launch(String name) throws IOException {
        return new DemoPage(name, HeadlessChromium.launch(name));
    }

    /**
     * Loads the demo page from {@code baseUrl} for {@code room}, without joining, publishing one 640x480 encoding
     * ({@code simulcast=0}): these tests are about other things, and three simulcast layers per page cost these 2-core
     * machines a lot. The demo's default (simulcast) is covered by ThreeParticipantBrowserTest and the simulcast tests.
     */
    void load(String baseUrl, String room) {
        load(baseUrl, room, "");
    }

    /** As {@link #load(String, String)} with more of the page's parameters ({@code &codec=AV1}). */
    void load(String baseUrl, String room, String query) {
        browser.driver().get(baseUrl + "/?room=" + room + "&name=" + name + "&simulcast=0" + query);
        // Keeps every WebSocket the page opens (patchbay.js opens them on join), so that a test can send a protocol
        // message the client has no API for; the sockets behave exactly as before.
        browser.script("""
                if (window.__pbSockets) return;
                const Original = window.WebSocket;
                window.__pbSockets = [];
                window.WebSocket = class extends Original {
                  constructor(...args) { super(...args); window.__pbSockets.push(this); }
                };
                """);
    }

    /** Sends one message on the page's newest open signaling socket; false if none is open. */
    boolean sendOnSocket(String json) {
        return Boolean.TRUE.equals(browser.script("""
                const open = (window.__pbSockets || []).filter((ws) => ws.readyState === WebSocket.OPEN);
                if (open.length === 0) return false;
                open[open.length - 1].send(arguments[0]);
                return true;
                """, json));
    }

    String name() {
        return name;
    }

    HeadlessChromium browser() {
        return browser;
    }

    /** What {@link #joinAndAwaitMedia} saw. */
    record JoinOutcome(boolean ok, String participantId, double elapsedMs, Map<String, Double> firstDecodedMs,
                       Double publisherConnectedMs, Double subscriberConnectedMs, JsonNode raw) {
        /** Join call to the first decoded frame of any remote video, or NaN. */
        double firstFrameMs() {
            return firstDecodedMs.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        /** Join call to the moment video of every expected remote had been decoded, or NaN. */
        double allFramesMs() {
            return firstDecodedMs.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /**
     * Joins through the page and waits (in the page) until its publisher is connected and it decoded video from
     * {@code remoteVideos} others; never throws for a join that does not get there, it reports it.
     */
    JoinOutcome joinAndAwaitMedia(int remoteVideos, Duration timeout) {
        JsonNode r = parse(browser.asyncScript(JOIN_AND_MEASURE_JS, remoteVideos, timeout.toMillis()));
        Map<String, Double> first = new LinkedHashMap<>();
        r.path("firstDecodedMs").fields().forEachRemaining(e -> first.put(e.getKey(), e.getValue().asDouble()));
        return new JoinOutcome(r.path("ok").asBoolean(), r.path("participantId").asText(null),
                r.path("elapsedMs").asDouble(), first, number(r, "publisherConnectedMs"),
                number(r, "subscriberConnectedMs"), r);
    }

    /** The page's Leave: sends {@code leave}, closes both connections and the socket. */
    void leave() {
        browser.script("window.patchbay.leave();");
    }

    /** Frames decoded per remote participant, room and connection states, ICE credentials of both connections. */
    JsonNode snapshot() {
        return parse(browser.asyncScript(SNAPSHOT_JS));
    }

    long framesFrom(String participantId) {
        return snapshot().path("frames").path(participantId).asLong(0);
    }

    String participantId() {
        return snapshot().path("participantId").asText(null);
    }

    /** Starts the decoded-video monitor of {@link #START_MONITOR_JS}; returns the page clock at the start. */
    double startMonitor(String remoteParticipantId) {
        return ((Number) browser.script(START_MONITOR_JS, remoteParticipantId)).doubleValue();
    }

    JsonNode readMonitor() {
        return parse(browser.script(READ_MONITOR_JS));
    }

    /**
     * Every IPv4 address:port the page's two connections gathered (local candidates): what the relay sees as this
     * page's client addresses.
     */
    java.util.List<java.net.InetSocketAddress> localCandidateAddresses() {
        return localCandidateAddresses(browser);
    }

    /** As {@link #localCandidateAddresses()}, for any browser showing the demo page. */
    static java.util.List<java.net.InetSocketAddress> localCandidateAddresses(HeadlessChromium browser) {
        JsonNode list = parse(browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const room = window.patchbay?.room;
                const pcs = room ? [room.peerConnections.publisher, room.peerConnections.subscriber].filter((pc) => pc) : [];
                Promise.all(pcs.map((pc) => pc.getStats())).then((reports) => {
                  const out = new Set();
                  for (const r of reports) r.forEach((s) => {
                    if (s.type === 'local-candidate' && s.protocol === 'udp' && /^\\d+\\.\\d+\\.\\d+\\.\\d+$/.test(s.address))
                      out.add(`${s.address}:${s.port}`);
                  });
                  done(JSON.stringify([...out]));
                }, (e) => done(JSON.stringify([])));
                """));
        java.util.List<java.net.InetSocketAddress> out = new java.util.ArrayList<>();
        for (JsonNode a : list) {
            String[] hostPort = a.asText().split(":");
            out.add(new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
        }
        return out;
    }

    /**
     * Restarts ICE on both connections from the page, as the contract says: {@code restartIce()} on the publisher
     * connection (patchbay.js then offers with new credentials) and a {@code restart-ice} message for the subscriber
     * connection (the server offers with new credentials; patchbay.js answers as usual). patchbay.js has no public
     * call for it; it restarts by itself only when a connection goes down.
     */
    void restartIce() {
        browser.script("window.patchbay.room.peerConnections.publisher.restartIce();");
        if (!sendOnSocket("{\"type\":\"restart-ice\",\"pc\":\"subscriber\"}")) {
            throw new IllegalStateException(name + " has no open signaling socket");
        }
    }

    /** The page clock ({@code performance.now()}). */
    double now() {
        return ((Number) browser.script("return performance.now();")).doubleValue();
    }

    /**
     * Incoming signaling messages of one type, as the page logged them ({@code window.patchbay.signals}: the last
     * 400 or more), each with its page time {@code t}.
     */
    JsonNode receivedSignals(String type) {
        return parse(browser.script("""
                return JSON.stringify(window.patchbay.signals
                  .filter((s) => s.direction === 'in' && s.type === arguments[0])
                  .map((s) => Object.assign({ t: s.t }, s.message)));
                """, type));
    }

    /** The page's room events ({@code window.patchbay.events}). */
    JsonNode events() {
        return parse(browser.script("return JSON.stringify(window.patchbay.events);"));
    }

    /**
     * The client's own lifecycle record, where patchbay.js has one ({@code room.lifecycle}: events with timestamps;
     * {@code room.timing}: per-phase timestamps); JSON null where it has not.
     */
    JsonNode clientLifecycle() {
        return parse(browser.script("""
                const room = window.patchbay && window.patchbay.room;
                return JSON.stringify({ lifecycle: (room && room.lifecycle) || null, timing: (room && room.timing) || null });
                """));
    }

    /**
     * Connection, ICE and signaling states of both connections, their candidate pairs, the number of m-sections of
     * each remote description, and the last signaling messages and events: for failure messages.
     */
    JsonNode diagnostics() {
        return parse(browser.asyncScript(DIAGNOSTICS_JS));
    }

    /** The room's peer connections' and socket's state, one line, for failure messages. */
    String describe() {
        try {
            return name + ": " + snapshot() + " events " + tail(events(), 12) + " client " + clientLifecycle();
        } catch (RuntimeException e) {
            return name + ": (no state: " + e + ")";
        }
    }

    @Override
    public void close() {
        browser.close();
    }

    private static String tail(JsonNode array, int n) {
        StringBuilder out = new StringBuilder("[");
        for (int i = Math.max(0, array.size() - n); i < array.size(); i++) {
            JsonNode e = array.get(i);
            out.append(String.format("%.0f %s", e.path("t").asDouble(), e.path("type").asText()));
            e.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("t") && !f.getKey().equals("type")) out.append(' ').append(f.getValue());
            });
            out.append(i + 1 < array.size() ? "; " : "");
        }
        return out.append(']').toString();
    }

    private static Double number(JsonNode r, String field) {
        JsonNode v = r.path(field);
        return v.isNumber() ? v.asDouble() : null;
    }

    static JsonNode parse(Object json) {
        if (json == null) return NullNode.getInstance();
        try {
            return JSON.readTree((String) json);
        } catch (IOException e) {
            throw new UncheckedIOException("page returned invalid JSON: " + json, e);
        }
    }
}

package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.load.peer.ReceivedStream;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.signaling.support.ClusterProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kill -9} of a node while calls run, with three node processes behind a load balancer that, like a Kubernetes
 * Service, sends each new connection to a ready node ({@link ReadyProxy}). Room alpha (a Chromium page publishing
 * and subscribing through {@code /patchbay.js}) is on the node that is killed; room beta (two Java peers) is on
 * another. The survivors notice the death, beta's media never stops, alpha is placed again on a live node, and the
 * page is back (decoding its own video through the new owner) by itself.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterFailoverBrowserTest {
    private static final String SETUP = """
            const [room, done] = [arguments[0], arguments[arguments.length - 1]];
            (async () => {
              const { Room } = await import('/patchbay.js');
              const pub = new Room();
              const sub = new Room();
              const log = [];
              for (const [name, r] of [['pub', pub], ['sub', sub]]) {
                for (const event of ['socket-lost', 'resume-failed']) {
                  r.addEventListener(event, () => log.push({ name, event, at: performance.now() }));
                }
                r.addEventListener('reconnected', (e) => log.push({ name, event: 'reconnected',
                  resumed: e.detail.resumed, at: performance.now() }));
              }
              sub.addEventListener('trackadded', (e) => {
                if (e.detail.kind !== 'video') return;
                const v = document.createElement('video');
                v.muted = true;
                v.autoplay = true;
                v.srcObject = e.detail.stream;
                const onFrame = () => {
                  log.push({ name: 'sub', event: 'frame', at: performance.now() });
                  if (log.filter((x) => x.event === 'frame').length < 2000) v.requestVideoFrameCallback(onFrame);
                };
                v.requestVideoFrameCallback(onFrame);
                document.body.appendChild(v);
              });
              await pub.join({ room, name: 'pub' });
              await sub.join({ room, name: 'sub' });
              const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
              await pub.publish(stream);
              window.failover = { pub, sub, log };
              done(JSON.stringify({ ok: true }));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    private static final String STATE = """
            const done = arguments[arguments.length - 1];
            const { log } = window.failover;
            done(JSON.stringify({ now: performance.now(), log: log.filter((e) => e.event !== 'frame'),
              frames: log.filter((e) => e.event === 'frame').map((e) => e.at) }));
            """;

    private final List<ClusterProcess> nodes = new ArrayList<>();
    private final List<TestPeer> peers = new ArrayList<>();
    private ReadyProxy proxy;
    private HeadlessChromium browser;

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stop() {
        peers.forEach(TestPeer::close);
        if (browser != null) browser.close();
        if (proxy != null) proxy.close();
        nodes.forEach(ClusterProcess::close);
    }

    @Test
    void aKilledNodesRoomIsPlacedAgainItsPageIsBackAndTheOtherRoomNeverStops() throws Exception {
        long t0 = System.nanoTime();
        nodes.addAll(ClusterProcess.startCluster(3, Map.of(), Duration.ofSeconds(90)));
        System.out.printf("[failover] three node processes up and listing each other after %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        proxy = new ReadyProxy(nodes.stream().map(n -> n.httpPort).toList());

        ClusterProcess doomed = ownerOf(create(nodes.get(0), "alpha"));
        browser = HeadlessChromium.launch("cluster-failover");
        browser.driver().get("http://127.0.0.1:" + proxy.port() + "/?room=alpha");
        JsonNode setup = browser.asyncJson(SETUP, "alpha");
        assertTrue(setup.path("error").isMissingNode(), setup.toString());
        PagePolling.awaitPage(browser, STATE, Duration.ofSeconds(20), s -> s.path("frames").size() >= 20, "the page never decoded its video");
        // Placement sees alpha's two participants on its owner, so beta goes elsewhere.
        String doomedId = doomed.nodeId();
        PagePolling.awaitTrue(Duration.ofSeconds(10), () -> participantsOf(nodes.get(0), doomedId) == 2,
                "alpha's owner never published 2 participants");
        ClusterProcess betaOwner = ownerOf(create(nodes.get(0), "beta"));
        assertNotEquals(doomed, betaOwner, "beta placed on the least loaded node, not alpha's");
        TestPeer bob = peer(betaOwner, "bob");
        TestPeer carol = peer(betaOwner, "carol");
        bob.join("beta");
        carol.join("beta");
        bob.publish(Duration.ofSeconds(10)).sender().start(Duration.ofMillis(10));
        long bobVideo = carol.subscriber().awaitTrack(bob.participantId(), "video", Duration.ofSeconds(10)).mediaSsrc();
        PagePolling.awaitTrue(Duration.ofSeconds(10), () -> packets(carol, bobVideo) > 50, "carol gets no video from bob");

        ClusterProcess survivor = nodes.stream().filter(n -> n != doomed).findFirst().orElseThrow();
        double killedAtPage = browser.asyncJson(STATE).path("now").asDouble();
        int carolBefore = packets(carol, bobVideo);
        long killedAt = System.nanoTime();
        doomed.kill();
        PagePolling.awaitTrue(Duration.ofSeconds(15), () -> survivor.nodeIds().size() == 2, "the survivors still list the dead node");
        long detectedMs = (System.nanoTime() - killedAt) / 1_000_000;
        // Frames already in the jitter buffer are still shown just after the kill: count only those after the
        // subscriber's rejoin.
        JsonNode back = PagePolling.awaitPage(browser, STATE, Duration.ofSeconds(30),
                s -> framesAfter(s, rejoinedAt(s, killedAtPage)) >= 10,
                "the page never decoded video again after its node was killed");
        double backMs = firstFrameAfter(back, rejoinedAt(back, killedAtPage)) - killedAtPage;
        int carolAfter = packets(carol, bobVideo);
        HttpResponse<String> alpha = survivor.send("GET", "/api/v1/rooms/alpha", null);
        String alphaNode = alpha.headers().firstValue("x-patchbay-node").orElse("?");
        System.out.printf("[failover] kill -9 of alpha's owner: survivors dropped it after %d ms; the page decoded"
                + " video again %.0f ms after the kill (log %s); alpha now on %s; beta's subscriber got %d packets"
                + " meanwhile%n", detectedMs, backMs, back.path("log"), alphaNode, carolAfter - carolBefore);
        assertEquals(200, alpha.statusCode(), alpha.body());
        assertNotEquals(doomedId, alphaNode, "alpha is placed again on a live node");
        assertTrue(carolAfter - carolBefore > 100, "beta's media kept flowing: " + (carolAfter - carolBefore));
        assertTrue(detectedMs <= 5_000, "the dead node was noticed after " + detectedMs + " ms");
        assertTrue(backMs <= 10_000, "the page was back after " + backMs + " ms");
    }

    private static String create(ClusterProcess via, String room) throws Exception {
        HttpResponse<String> r = via.send("POST", "/api/v1/rooms", "{\"name\":\"" + room + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return r.headers().firstValue("x-patchbay-node").orElseThrow();
    }

    private ClusterProcess ownerOf(String nodeId) throws Exception {
        for (ClusterProcess n : nodes) if (n.nodeId().equals(nodeId)) return n;
        throw new AssertionError("no node " + nodeId);
    }

    private static int participantsOf(ClusterProcess via, String nodeId) {
        try {
            for (JsonNode n : via.get("/api/v1/nodes").path("nodes")) {
                if (n.path("id").asText().equals(nodeId)) return n.path("load").path("participants").asInt();
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private TestPeer peer(ClusterProcess node, String name) throws Exception {
        TestPeer p = TestPeer.connect(node.httpPort, name, List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(p);
        return p;
    }

    private static int packets(TestPeer subscriber, long ssrc) {
        ReceivedStream s = subscriber.subscriber().stream(ssrc);
        return s == null ? 0 : s.packets().size();
    }

    /** When the page's subscriber room reconnected after {@code since} (page clock), or +infinity if not yet. */
    private static double rejoinedAt(JsonNode state, double since) {
        for (JsonNode e : state.path("log")) {
            if (e.path("name").asText().equals("sub") && e.path("event").asText().equals("reconnected")
                    && e.path("at").asDouble() > since) {
                return e.path("at").asDouble();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static int framesAfter(JsonNode state, double since) {
        int n = 0;
        for (JsonNode at : state.path("frames")) if (at.asDouble() > since) n++;
        return n;
    }

    private static double firstFrameAfter(JsonNode state, double since) {
        for (JsonNode at : state.path("frames")) if (at.asDouble() > since) return at.asDouble();
        return Double.NaN;
    }


}

package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.signaling.PatchbayServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade without cutting the call: two servers behind a load balancer that, like a Kubernetes Service,
 * sends each new connection to a ready one ({@link ReadyProxy}). A Chromium page joins a publisher and a subscriber
 * through it, both land on server A; A drains (as on SIGTERM): its readiness turns 503, both are told
 * {@code draining}, and {@code /patchbay.js} rejoins them through the same URL, which now leads to B. The test checks
 * that A ends up empty (its drain completes: the process would exit), that both are on B, and that the subscriber
 * decodes the publisher's video again; it prints how long the picture was gone.
 */
class DrainMoveBrowserTest {
    private static final String SETUP = """
            const [room, done] = [arguments[0], arguments[arguments.length - 1]];
            (async () => {
              const { Room } = await import('/patchbay.js');
              const pub = new Room();
              const sub = new Room();
              const log = [];
              for (const [name, r] of [['pub', pub], ['sub', sub]]) {
                r.addEventListener('draining', () => log.push({ name, event: 'draining', at: performance.now() }));
                r.addEventListener('reconnected', (e) => log.push({ name, event: 'reconnected',
                  resumed: e.detail.resumed, at: performance.now() }));
              }
              sub.addEventListener('trackadded', (e) => {
                if (e.detail.kind !== 'video') return;
                const v = document.createElement('video');
                v.muted = true;
                v.autoplay = true;
                v.srcObject = e.detail.stream;
                v.requestVideoFrameCallback(() => log.push({ name: 'sub', event: 'first-frame', at: performance.now() }));
                document.body.appendChild(v);
              });
              await pub.join({ room, name: 'pub' });
              await sub.join({ room, name: 'sub' });
              const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 } });
              await pub.publish(stream);
              window.move = { pub, sub, log };
              done(JSON.stringify({ ok: true }));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** Frames the subscriber decoded on its current connection, and what happened so far. */
    private static final String STATE = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const { sub, log } = window.move;
              let frames = 0;
              const pc = sub.peerConnections.subscriber;
              if (pc) (await pc.getStats()).forEach((s) => {
                if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0;
              });
              done(JSON.stringify({ frames, now: performance.now(), log, state: sub.connectionState }));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    private PatchbayServer a;
    private PatchbayServer b;
    private ReadyProxy proxy;
    private HeadlessChromium browser;

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (proxy != null) proxy.close();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    @Test
    void participantsMoveToAnotherServerWhenTheirsDrains() throws Exception {
        a = start();
        b = start();
        PagePolling.awaitTrue(Duration.ofSeconds(10), () -> ready(a), "server A never ready");
        proxy = new ReadyProxy(List.of(a.httpPort(), b.httpPort()));
        String room = "move-" + UUID.randomUUID().toString().substring(0, 6);
        browser = HeadlessChromium.launch("drain-move");
        browser.driver().get("http://127.0.0.1:" + proxy.port() + "/?room=" + room);
        JsonNode setup = script(SETUP, room);
        assertTrue(setup.path("error").isMissingNode(), setup.toString());
        JsonNode before = PagePolling.awaitPage(browser, STATE, Duration.ofSeconds(20), s -> s.path("frames").asInt() >= 20,
                "the subscriber never decoded video on A");
        assertEquals(2, a.participantCount(), "both joined through the proxy land on A");
        PagePolling.awaitTrue(Duration.ofSeconds(10), () -> ready(b), "server B never ready");

        double drainAt = script(STATE).path("now").asDouble();
        var drained = a.drain("test: rolling upgrade");
        assertTrue(drained.get(20, TimeUnit.SECONDS), "A still had participants when its drain timed out");
        JsonNode moved = PagePolling.awaitPage(browser, STATE, Duration.ofSeconds(20), s -> s.path("frames").asInt() >= 20
                && firstFrameAfter(s, drainAt) >= 0, "the subscriber never decoded video again after the move");
        assertEquals(0, a.participantCount());
        assertEquals(2, b.participantCount(), "both rejoined on B");
        for (JsonNode e : moved.path("log")) {
            if (e.path("event").asText().equals("reconnected")) {
                assertTrue(!e.path("resumed").asBoolean(), "a move is a new session: " + moved.path("log"));
            }
        }
        long firstFrameAgainMs = firstFrameAfter(moved, drainAt);
        System.out.printf("moved A -> B: %d frames decoded on A before; log %s; video back %d ms after the drain "
                + "started%n", before.path("frames").asInt(), moved.path("log"), firstFrameAgainMs);
    }

    /** When the subscriber's first video frame after {@code since} was shown, in ms after it; -1 before. */
    private static long firstFrameAfter(JsonNode state, double since) {
        for (JsonNode e : state.path("log")) {
            if (e.path("event").asText().equals("first-frame") && e.path("at").asDouble() > since) {
                return Math.round(e.path("at").asDouble() - since);
            }
        }
        return -1;
    }

    private static PatchbayServer start() throws Exception {
        PatchbayServer s = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        s.setDrainTimeout(Duration.ofSeconds(20));
        return s;
    }

    private static boolean ready(PatchbayServer s) {
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + s.httpPort() + "/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private JsonNode script(String js, Object... args) {
        return browser.asyncJson(js, args);
    }


}

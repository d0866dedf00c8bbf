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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SVC end to end with Chromium's own encoders and decoders: one page publishes its fake 1280x720 camera as one VP9 or
 * AV1 stream with three spatial and three temporal layers ({@code publish(stream, {svc: 'L3T3_KEY', codec})}; VP9
 * layers read from the payload descriptor, AV1 layers from the Dependency Descriptor), and two more
 * rooms in the same page receive it: "small" asks {@code maxHeight: 180}, "large" nothing. The server sends each the
 * spatial layers it needs (only its own between key pictures, K-SVC) and moves the RTP marker bit to the end of the
 * highest layer sent, so each decoder sees a complete picture: small decodes 320x180, large 1280x720, both smoothly,
 * and small receives a fraction of large's bytes.
 */
class SvcBrowserTest {
    private static final Duration SETTLE = Duration.ofSeconds(25);

    private static final String SETUP = """
            const [room, codec, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
            (async () => {
              const { Room } = await import('/patchbay.js');
              const pub = new Room();
              await pub.join({ room, name: 'svc' });
              const stream = await navigator.mediaDevices.getUserMedia(
                { video: { width: 1280, height: 720, frameRate: 24 } });
              await pub.publish(stream, { svc: 'L3T3_KEY', codec });
              const subs = {};
              for (const name of ['small', 'large']) {
                const r = new Room();
                const videos = [];
                r.addEventListener('trackadded', (e) => {
                  if (e.detail.kind !== 'video') return;
                  videos.push(e.detail.trackId);
                  const v = document.createElement('video');
                  v.muted = true;
                  v.autoplay = true;
                  v.srcObject = e.detail.stream;
                  document.body.appendChild(v);
                });
                await r.join({ room, name });
                subs[name] = { room: r, videos };
              }
              window.svc = { pub, subs };
              done(JSON.stringify({ ok: true }));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** Asks for at most 180 lines for small once its video track is there. */
    private static final String LIMIT_SMALL = """
            const done = arguments[arguments.length - 1];
            const s = window.svc.subs.small;
            done(JSON.stringify(s.videos.length === 0 ? { waiting: true }
              : { sent: s.room.updateSubscription(s.videos[0], { maxHeight: 180 }) }));
            """;

    /** Per subscriber: the decoded video (height, frames, freezes, bytes, codec); the publisher's encoding. */
    private static final String STATS = """
            const done = arguments[arguments.length - 1];
            const inbound = async (room) => {
              const pc = room.peerConnections.subscriber;
              if (!pc) return {};
              const report = await pc.getStats();
              let out = {};
              report.forEach((s) => {
                if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
                const codec = s.codecId ? report.get(s.codecId) : null;
                out = { frameHeight: s.frameHeight || 0, framesDecoded: s.framesDecoded || 0,
                        freezeCount: s.freezeCount || 0, bytesReceived: s.bytesReceived || 0,
                        codec: codec ? codec.mimeType : null };
              });
              return out;
            };
            (async () => {
              const { pub, subs } = window.svc;
              const out = { small: await inbound(subs.small.room), large: await inbound(subs.large.room) };
              const report = await pub.peerConnections.publisher.getStats();
              report.forEach((s) => {
                if (s.type === 'outbound-rtp' && s.kind === 'video') {
                  out.publisher = { scalabilityMode: s.scalabilityMode, frameHeight: s.frameHeight || 0,
                                    bytesSent: s.bytesSent || 0 };
                }
              });
              done(JSON.stringify(out));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    private PatchbayServer server;
    private HeadlessChromium browser;

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"VP9", "AV1"})
    void eachSubscriberDecodesTheSpatialLayerItNeeds(String codec) throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        String room = "svc-" + UUID.randomUUID().toString().substring(0, 6);
        browser = HeadlessChromium.launch("svc");
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room);
        JsonNode setup = script(SETUP, room, codec);
        assertTrue(setup.path("error").isMissingNode(), setup.toString());
        awaitStats(Duration.ofSeconds(15), s -> !script(LIMIT_SMALL).has("waiting"), "small never got the video");

        JsonNode settled = awaitStats(SETTLE, s -> {
            int small = s.path("small").path("frameHeight").asInt();
            return small > 0 && small <= 180 && s.path("large").path("frameHeight").asInt() >= 540;
        }, "the subscribers never decoded 180 and >= 540 lines");
        assertEquals("video/" + codec, settled.path("large").path("codec").asText(), settled.toString());
        assertEquals("L3T3_KEY", settled.path("publisher").path("scalabilityMode").asText(), settled.toString());

        JsonNode before = script(STATS);
        Thread.sleep(4000); // a window of decoding to measure frame rates and bytes
        JsonNode after = script(STATS);
        System.out.printf("%s SVC L3T3_KEY over 4 s: small %s -> %s; large %s -> %s; publisher %s%n", codec,
                before.get("small"), after.get("small"), before.get("large"), after.get("large"), after.get("publisher"));
        for (String name : List.of("small", "large")) {
            double fps = (after.path(name).path("framesDecoded").asLong()
                    - before.path(name).path("framesDecoded").asLong()) / 4.0;
            assertTrue(fps >= 10, name + " decoded " + fps + " fps");
            assertEquals(before.path(name).path("freezeCount").asLong(), after.path(name).path("freezeCount").asLong(),
                    name + " froze: " + after);
        }
        assertTrue(after.path("small").path("frameHeight").asInt() <= 180, after.toString());
        // The large subscriber got >= 540 lines when it settled (above); later its own estimate may move it down a
        // layer on a loaded machine (720 -> 360 seen in a full run): that is the allocator's job. It must still get
        // more than the small one.
        assertTrue(after.path("large").path("frameHeight").asInt() > after.path("small").path("frameHeight").asInt(),
                after.toString());
        long smallBytes = after.path("small").path("bytesReceived").asLong()
                - before.path("small").path("bytesReceived").asLong();
        long largeBytes = after.path("large").path("bytesReceived").asLong()
                - before.path("large").path("bytesReceived").asLong();
        assertTrue(smallBytes * 3 < largeBytes, "small got " + smallBytes + " bytes against large's " + largeBytes);
    }

    private JsonNode script(String js, Object... args) {
        return browser.asyncJson(js, args);
    }

    private JsonNode awaitStats(Duration timeout, java.util.function.Predicate<JsonNode> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = script(STATS);
            if (condition.test(last)) return last;
            Thread.sleep(250); // polling the browser's stats
        }
        fail(what + ": " + last);
        return last;
    }
}

package io.patchbay.signaling.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.core.config.PatchbayConfig;
import io.patchbay.load.peer.ReceivedStream;
import io.patchbay.load.peer.SrtpProfile;
import io.patchbay.load.peer.SubscriberConnection.RemoteTrack;
import io.patchbay.load.peer.TestPeer;
import io.patchbay.media.codec.Vp8ParseResult;
import io.patchbay.media.codec.Vp8PayloadDescriptor;
import io.patchbay.signaling.PatchbayServer;
import io.patchbay.signaling.ws.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulcast end to end with a real publisher: Chromium sends its fake 1280x720 camera as three VP8 encodings (q, h, f)
 * through patchbay.js; two Java subscribers receive the one video track, one asking {@code maxHeight: 180}, the other
 * nothing. The picture height each gets is read from the VP8 keyframes it receives (RFC 6386 9.1): at most 180 lines
 * for the first, at least 540 for the second. When nobody wants the top layer any more, Chromium stops sending it
 * ({@code layers-wanted}, then {@code RTCRtpSender.setParameters}).
 *
 * <p>Then temporal layers: Chromium's VP8 simulcast encodings carry three (TID 0, 1, 2 at a quarter, half and all of
 * its 24 fps). A subscriber asking {@code maxFrameRate: 8} keeps its layer and gets only TID 0 pictures, with
 * sequence numbers and PictureIDs still continuous (the server closes up what it drops), while the other still gets
 * every picture. Lifting the limit brings the full frame rate back at the next layer-sync picture.
 */
class SimulcastLayersBrowserTest {
    private static final Duration CONNECT = Duration.ofSeconds(15);
    private static final Duration LAYERS = Duration.ofSeconds(30);

    private static final String PUBLISH = """
            const [room, done] = [arguments[0], arguments[arguments.length - 1]];
            (async () => {
              const { Room } = await import('/patchbay.js');
              const r = new Room();
              window.simulcastRoom = r;
              await r.join({ room, name: 'camera' });
              const stream = await navigator.mediaDevices.getUserMedia(
                { video: { width: 1280, height: 720, frameRate: 24 } });
              await r.publish(stream, { simulcast: true });
              done(JSON.stringify({ participantId: r.participantId }));
            })().catch((e) => done(JSON.stringify({ error: String(e) })));
            """;

    /** The publisher's video encodings: rid, active, bytes sent so far. */
    private static final String ENCODINGS = """
            const done = arguments[arguments.length - 1];
            const pc = window.simulcastRoom.peerConnections.publisher;
            const sender = pc.getSenders().find((s) => s.track && s.track.kind === 'video');
            const active = {};
            sender.getParameters().encodings.forEach((e) => { active[e.rid] = e.active; });
            pc.getStats().then((report) => {
              const out = [];
              report.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video') out.push(
                { rid: s.rid, bytesSent: s.bytesSent, frameHeight: s.frameHeight || 0, active: active[s.rid], mode: s.scalabilityMode, params: sender.getParameters().encodings.map((e) => e.rid + ':' + e.scalabilityMode).join(',') }); });
              done(JSON.stringify(out));
            }, (e) => done(JSON.stringify({ error: String(e) })));
            """;

    private PatchbayServer server;
    private HeadlessChromium browser;
    private final List<TestPeer> peers = new ArrayList<>();

    @BeforeAll
    static void browserInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void stop() {
        peers.forEach(TestPeer::close);
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    @Test
    void eachSubscriberGetsTheLayerItAskedForAndUnwantedLayersStop() throws Exception {
        server = PatchbayServer.start(PatchbayConfig.defaults().withHttpHost("127.0.0.1").withHttpPort(0)
                .withMediaPort(0).withBindAddresses(List.of("127.0.0.1")));
        String room = "layers-" + UUID.randomUUID().toString().substring(0, 6);
        browser = HeadlessChromium.launch("simulcast-camera");
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/?room=" + room);
        JsonNode published = Json.MAPPER.readTree((String) browser.asyncScript(PUBLISH, room));
        assertTrue(published.path("error").isMissingNode(), published.toString());
        String publisherId = published.path("participantId").asText();

        TestPeer small = subscriber("small", room);
        TestPeer large = subscriber("large", room);
        RemoteTrack smallVideo = small.subscriber().awaitTrack(publisherId, "video", CONNECT);
        RemoteTrack largeVideo = large.subscriber().awaitTrack(publisherId, "video", CONNECT);
        small.updateSubscription(smallVideo.trackId(), 180, false);

        await(LAYERS, () -> maxHeight(large, largeVideo) >= 540,
                () -> "large never got >= 540 lines: keyframe heights " + heights(large, largeVideo)
                        + "; publisher " + encodings());
        List<Integer> smallHeights = heights(small, smallVideo);
        System.out.printf("keyframe heights: maxHeight 180 -> %s; no limit -> %s; publisher %s%n", smallHeights,
                heights(large, largeVideo), encodings());
        assertTrue(!smallHeights.isEmpty(), "small got no keyframe");
        assertTrue(smallHeights.stream().allMatch(h -> h <= 180), "maxHeight 180 got " + smallHeights);

        // Nobody wants more than 360 lines now: the server asks Chromium to stop the top layer, and to start h,
        // which nobody wanted before; the subscriber gets q meanwhile, then h.
        int before = heights(large, largeVideo).size();
        large.updateSubscription(largeVideo.trackId(), 360, false);
        await(Duration.ofSeconds(10), () -> !topLayerActive(), () -> "f still active: " + encodings());
        // What f encoded before it stopped may still be in Chromium's pacer queue (one 720-line frame, ~6 KB, went
        // out after `active: false` in a CI-like run): count from when its byte counter has settled.
        long fBytes = settledBytesSent("f");
        await(Duration.ofSeconds(10), () -> lastHeight(large, largeVideo) == 360,
                () -> "maxHeight 360 never got the 360-line layer: " + heights(large, largeVideo));
        List<Integer> after = heights(large, largeVideo).subList(before, heights(large, largeVideo).size());
        System.out.printf("after maxHeight 360: keyframe heights %s; publisher %s%n", after, encodings());
        // Until the lower layer's keyframe arrives the subscriber keeps its 720-line layer, so that its picture never
        // breaks; Chromium's VP8 simulcast answers the server's keyframe request with keyframes on every layer, so one
        // more 720-line keyframe may come first. From the switch on, nothing above 360 lines.
        int switched = 0;
        while (switched < after.size() && after.get(switched) > 360) switched++;
        assertTrue(switched <= 1, "more than one 720-line keyframe before the switch down: " + after);
        assertTrue(after.subList(switched, after.size()).stream().allMatch(h -> h <= 360), "maxHeight 360 got " + after);
        assertEquals(fBytes, bytesSent("f"), "the top layer still sends: " + encodings());

        // Temporal layers: a lower frame rate without a switch.
        List<Integer> largeTids = pictureTids(large, largeVideo, 0);
        assertTrue(largeTids.contains(1) && largeTids.contains(2),
                "Chromium's VP8 simulcast sent no temporal layers: TIDs " + largeTids.stream().distinct().toList() + "; publisher " + encodings());
        small.updateSubscription(smallVideo.trackId(), 180, 8, false);
        await(Duration.ofSeconds(10), () -> {
            List<Integer> tids = pictureTids(small, smallVideo, 0);
            return tids.size() > 10 && tids.subList(tids.size() - 10, tids.size()).stream().allMatch(t -> t == 0);
        }, () -> "maxFrameRate 8 never settled on TID 0: " + tail(pictureTids(small, smallVideo, 0)));
        int from = packetCount(small, smallVideo);
        int largeFrom = packetCount(large, largeVideo);
        Thread.sleep(3000); // three seconds of media at the lower frame rate, to count pictures
        List<Integer> smallAfter = pictureTids(small, smallVideo, from);
        List<Integer> largeAfter = pictureTids(large, largeVideo, largeFrom);
        System.out.printf("maxFrameRate 8: %d pictures in 3 s, TIDs %s; no limit: %d pictures, TIDs %s%n",
                smallAfter.size(), smallAfter.stream().distinct().toList(), largeAfter.size(),
                largeAfter.stream().distinct().toList());
        assertTrue(smallAfter.stream().allMatch(t -> t == 0), "maxFrameRate 8 got TIDs " + smallAfter);
        assertTrue(largeAfter.contains(2), "the other subscriber lost its frame rate: " + largeAfter);
        assertTrue(smallAfter.size() * 3 <= largeAfter.size(),
                "maxFrameRate 8: " + smallAfter.size() + " pictures against " + largeAfter.size());
        assertContinuous(small, smallVideo, from);
        assertTrue(heights(small, smallVideo).stream().allMatch(h -> h <= 180), "the layer changed");

        // And back up: the limit lifted, the next switching point (a layer-sync picture) brings every TID back.
        int keyframesBefore = heights(small, smallVideo).size();
        int liftedAt = packetCount(small, smallVideo);
        long liftedNanos = System.nanoTime();
        small.updateSubscription(smallVideo.trackId(), 180, null, false);
        await(Duration.ofSeconds(10), () -> pictureTids(small, smallVideo, liftedAt).contains(2),
                () -> "the frame rate never came back: " + tail(pictureTids(small, smallVideo, liftedAt)));
        System.out.printf("limit lifted: TID 2 again after %d ms, %d keyframes meanwhile%n",
                (System.nanoTime() - liftedNanos) / 1_000_000, heights(small, smallVideo).size() - keyframesBefore);
        assertContinuous(small, smallVideo, liftedAt);
    }

    /** TIDs of the pictures (first packets) received from packet {@code from} on. */
    private static List<Integer> pictureTids(TestPeer subscriber, RemoteTrack track, int from) {
        List<Integer> out = new ArrayList<>();
        ReceivedStream stream = subscriber.subscriber().stream(track.mediaSsrc());
        if (stream == null) return out;
        Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
        List<ReceivedStream.ReceivedPacket> packets = stream.packets();
        for (ReceivedStream.ReceivedPacket p : packets.subList(Math.min(from, packets.size()), packets.size())) {
            if (vp8.parse(p.payload(), 0, p.payload().length) == Vp8ParseResult.OK && vp8.startOfFrame()
                    && vp8.hasTid()) {
                out.add(vp8.tid());
            }
        }
        return out;
    }

    /** Sequence numbers +1 per packet and PictureIDs +1 per picture, from packet {@code from} on (no loss here). */
    private static void assertContinuous(TestPeer subscriber, RemoteTrack track, int from) {
        List<ReceivedStream.ReceivedPacket> packets = subscriber.subscriber().stream(track.mediaSsrc()).packets();
        Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
        int gaps = 0;
        int pictureJumps = 0;
        int lastPicture = -1;
        for (int i = from + 1; i < packets.size(); i++) {
            if (packets.get(i).sequenceNumber() != ((packets.get(i - 1).sequenceNumber() + 1) & 0xFFFF)) gaps++;
            byte[] payload = packets.get(i).payload();
            if (vp8.parse(payload, 0, payload.length) == Vp8ParseResult.OK && vp8.startOfFrame()) {
                if (lastPicture >= 0 && vp8.pictureId() != ((lastPicture + 1) & 0x7FFF)) pictureJumps++;
                lastPicture = vp8.pictureId();
            }
        }
        assertEquals(0, gaps, "sequence number gaps (packets arrive in order on loopback, none are lost)");
        assertEquals(0, pictureJumps, "PictureID jumps");
    }

    private static int packetCount(TestPeer subscriber, RemoteTrack track) {
        ReceivedStream stream = subscriber.subscriber().stream(track.mediaSsrc());
        return stream == null ? 0 : stream.size();
    }

    private static List<Integer> tail(List<Integer> list) {
        return list.subList(Math.max(0, list.size() - 30), list.size());
    }

    private static int lastHeight(TestPeer subscriber, RemoteTrack track) {
        List<Integer> all = heights(subscriber, track);
        return all.isEmpty() ? 0 : all.get(all.size() - 1);
    }

    private TestPeer subscriber(String name, String room) throws Exception {
        TestPeer p = TestPeer.connect(server.httpPort(), name, List.of(SrtpProfile.AEAD_AES_128_GCM));
        peers.add(p);
        p.join(room);
        return p;
    }

    /** Heights of the VP8 keyframes the subscriber received on the track, in arrival order. */
    private static List<Integer> heights(TestPeer subscriber, RemoteTrack track) {
        ReceivedStream stream = subscriber.subscriber().stream(track.mediaSsrc());
        List<Integer> out = new ArrayList<>();
        if (stream == null) return out;
        Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
        for (ReceivedStream.ReceivedPacket p : stream.packets()) {
            if (vp8.parse(p.payload(), 0, p.payload().length) == Vp8ParseResult.OK && vp8.isKeyframe()) {
                out.add(vp8.height());
            }
        }
        return out;
    }

    private static int maxHeight(TestPeer subscriber, RemoteTrack track) {
        return heights(subscriber, track).stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private JsonNode encodings() {
        try {
            return Json.MAPPER.readTree((String) browser.asyncScript(ENCODINGS));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean topLayerActive() {
        for (JsonNode e : encodings()) {
            if (e.path("rid").asText().equals("f")) return e.path("active").asBoolean(true);
        }
        return false;
    }

    private long bytesSent(String rid) {
        for (JsonNode e : encodings()) {
            if (e.path("rid").asText().equals(rid)) return e.path("bytesSent").asLong();
        }
        return -1;
    }

    /** {@link #bytesSent} once two readings 500 ms apart agree (at most 5 s), or the last reading. */
    private long settledBytesSent(String rid) throws InterruptedException {
        long last = bytesSent(rid);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(500);
            long now = bytesSent(rid);
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    private static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(200); // polling what the subscribers received
        }
        fail(why.get());
    }
}

package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.MediaStats;
import io.patchbay.media.SkipReason;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.PacketFate;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.RtpParseResult;
import io.patchbay.media.worker.MediaWorker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Simulcast through a real router on its media thread, with a clock the test moves: a publisher sends three layers
 * (q, h, f: 320x180, 640x360, 1280x720) whose SSRCs are learned from the mid and rid header extensions (RFC 8852), as
 * Chrome sends them. Each subscriber gets one layer behind one SSRC, chosen by its maxHeight, and switches only on a
 * keyframe of the target layer with its sequence numbers continuous. Layers nobody wants are reported.
 */
class SimulcastRouterTest {
    private static final long MS = 1_000_000L;
    private static final int MID_ID = 4;
    private static final int RID_ID = 10;
    private static final int REPAIRED_RID_ID = 11;
    private static final ExtensionIds PUBLISHER = new ExtensionIds(0, 2, 3, MID_ID, RID_ID, REPAIRED_RID_ID, 0);
    private static final ExtensionIds SUBSCRIBER = new ExtensionIds(0, 2, 3, 4);
    private static final String[] RIDS = {"q", "h", "f"};
    private static final int[] WIDTHS = {320, 640, 1280};
    private static final int[] HEIGHTS = {180, 360, 720};
    private static final long[] SSRCS = {0xA0, 0xA1, 0xA2};

    private final ManualClock clock = new ManualClock();
    private final PacketBufferPool pool = new PacketBufferPool(512);
    private final MediaWorker worker = new MediaWorker("simulcast-test", pool, clock, reason -> { });
    private final MediaStats stats = new MediaStats();
    private final CountingTransport publisher = new CountingTransport("publisher");
    private final CountingTransport small = new CountingTransport("small");
    private final CountingTransport medium = new CountingTransport("medium");
    private final CountingTransport large = new CountingTransport("large");
    private final List<List<String>> layersWanted = new CopyOnWriteArrayList<>();
    private final Router router = new Router("room", worker, null, stats, new RouterListener() {
        @Override
        public void onTransportConnected(String transportId) {
        }

        @Override
        public void onTransportFailed(String transportId, String reason) {
        }

        @Override
        public void onLayersWanted(String trackId, List<String> rids) {
            layersWanted.add(rids);
        }
    });
    private final int[] sequence = {1000, 20_000, 40_000};
    /** Each layer's own VP8 PictureID (15 bits), as Chrome numbers each simulcast stream on its own. */
    private final int[] pictureId = {100, 9_000, 32_700};
    private long timestamp = 90_000;

    @AfterEach
    void stop() {
        router.close();
        worker.close();
    }

    @Test
    void eachSubscriberGetsTheLayerItsHeightAllowsOnOneContinuousStream() throws Exception {
        small.recorded = new ArrayList<>();
        medium.recorded = new ArrayList<>();
        large.recorded = new ArrayList<>();
        router.addTransport(publisher);
        router.addTransport(small);
        router.addTransport(medium);
        router.addTransport(large);
        router.createProducer(publisher, new ProducerSpec("video", TrackKind.VIDEO, "1",
                List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(), 0, 0, PUBLISHER, true, true, 0,
                List.of(new LayerSpec("q", 0, 0), new LayerSpec("h", 0, 0), new LayerSpec("f", 0, 0))));
        router.createConsumer(small, new ConsumerSpec("video", 0x5001, "v0", "cname", SUBSCRIBER));
        router.createConsumer(medium, new ConsumerSpec("video", 0x5003, "v0", "cname", SUBSCRIBER));
        router.createConsumer(large, new ConsumerSpec("video", 0x5002, "v0", "cname", SUBSCRIBER));
        router.setConsumerPreferences(small, "video", new ConsumerPreferences(180, false));
        router.setConsumerPreferences(medium, "video", new ConsumerPreferences(540, false));

        // 3 s of 30 fps video, a keyframe on every layer each second, 2 packets per frame.
        for (int frame = 0; frame < 90; frame++) {
            boolean key = frame % 30 == 0;
            long ms = frame * 33L;
            at(ms, () -> {
                for (int layer = 0; layer < 3; layer++) {
                    send(layer, key, false);
                    send(layer, false, true);
                    pictureId[layer] = (pictureId[layer] + 1) & 0x7FFF;
                }
                timestamp += 3000;
            });
        }

        assertEquals(List.of(0), layersOf(small.recorded), "maxHeight 180 gets q (180 lines) only");
        assertEquals(List.of(0, 1), layersOf(medium.recorded), "maxHeight 540 starts on q, then h (360 lines)");
        assertEquals(List.of(0, 2), layersOf(large.recorded), "no limit starts on q, then f (720 lines)");
        for (CountingTransport subscriber : List.of(small, medium, large)) {
            assertContinuous(subscriber.recorded);
        }
        assertTrue(stats.skippedCount(SkipReason.LAYER_NOT_SELECTED) > 0);
        assertEquals(List.of("q", "h", "f"), layersWanted.get(layersWanted.size() - 1), layersWanted.toString());
    }

    @Test
    void layersNobodyWantsAreReported() throws Exception {
        router.addTransport(publisher);
        router.addTransport(small);
        router.createProducer(publisher, new ProducerSpec("video", TrackKind.VIDEO, "1",
                List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(), 0, 0, PUBLISHER, true, true, 0,
                List.of(new LayerSpec("q", 0, 0), new LayerSpec("h", 0, 0), new LayerSpec("f", 0, 0))));
        router.createConsumer(small, new ConsumerSpec("video", 0x5001, "v0", "cname", SUBSCRIBER));
        router.setConsumerPreferences(small, "video", new ConsumerPreferences(360, false));
        for (int frame = 0; frame < 60; frame++) {
            boolean key = frame % 30 == 0;
            at(frame * 33L, () -> {
                for (int layer = 0; layer < 3; layer++) send(layer, key, false);
                timestamp += 3000;
            });
        }
        assertEquals(List.of("q", "h"), layersWanted.get(layersWanted.size() - 1), layersWanted.toString());
        router.setConsumerPreferences(small, "video", new ConsumerPreferences(ConsumerPreferences.NO_LIMIT, false));
        // f stopped (the publisher obeyed): the subscriber now wants it, so it is asked for again, and h is not.
        for (int frame = 60; frame < 90; frame++) {
            at(frame * 33L, () -> {
                for (int layer = 0; layer < 2; layer++) send(layer, false, false);
                timestamp += 3000;
            });
        }
        assertEquals(List.of("q", "f"), layersWanted.get(layersWanted.size() - 1), layersWanted.toString());
        router.setConsumerPreferences(small, "video", new ConsumerPreferences(180, true));
        at(3_100, () -> { });
        at(3_700, () -> { });
        assertEquals(List.of("q"), layersWanted.get(layersWanted.size() - 1), "a paused subscriber wants nothing; the"
                + " lowest layer stays on for a quick start: " + layersWanted);
    }

    /** The layer each forwarded packet came from (the test writes it after the VP8 descriptor and frame header). */
    private static List<Integer> layersOf(List<byte[]> packets) {
        List<Integer> layers = new ArrayList<>();
        RtpHeader h = new RtpHeader();
        for (byte[] p : packets) {
            assertEquals(RtpParseResult.OK, h.parse(p, 0, p.length));
            int layer = p[h.payloadOffset() + 14];
            if (layers.isEmpty() || layers.get(layers.size() - 1) != layer) layers.add(layer);
        }
        return layers;
    }

    /** One SSRC, sequence numbers +1 each packet, timestamps never going back, VP8 PictureID +1 each picture. */
    private void assertContinuous(List<byte[]> packets) {
        assertTrue(packets.size() > 10, "got " + packets.size() + " packets");
        RtpHeader h = new RtpHeader();
        h.parse(packets.get(0), 0, packets.get(0).length);
        long ssrc = h.ssrc();
        int seq = h.sequenceNumber();
        long ts = h.timestamp();
        int picture = pictureIdOf(packets.get(0), h);
        for (int i = 1; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            h.parse(p, 0, p.length);
            assertEquals(ssrc, h.ssrc());
            assertEquals((seq + 1) & 0xFFFF, h.sequenceNumber(), "packet " + i);
            assertTrue(((h.timestamp() - ts) & 0xFFFFFFFFL) < 0x8000_0000L, "timestamp went back at packet " + i);
            int nextPicture = pictureIdOf(p, h);
            if (h.timestamp() != ts) {
                assertEquals((picture + 1) & 0x7FFF, nextPicture, "PictureID of the picture at packet " + i);
            } else {
                assertEquals(picture, nextPicture, "one PictureID per picture, packet " + i);
            }
            seq = h.sequenceNumber();
            ts = h.timestamp();
            picture = nextPicture;
        }
    }

    private static int pictureIdOf(byte[] packet, RtpHeader h) {
        int at = h.payloadOffset() + 2;
        return ((packet[at] & 0x7F) << 8) | (packet[at + 1] & 0xFF);
    }

    /** One VP8 packet of {@code layer} with mid and rid extensions; a keyframe carries its picture size. */
    private void send(int layer, boolean keyframe, boolean marker) {
        PacketBuffer packet = pool.acquire();
        RtpHeaderWriter writer = new RtpHeaderWriter();
        sequence[layer] = (sequence[layer] + 1) & 0xFFFF;
        writer.begin(packet.data, packet.offset, false, marker, 96, sequence[layer], timestamp, SSRCS[layer]);
        byte[] mid = "1".getBytes(StandardCharsets.US_ASCII);
        byte[] rid = RIDS[layer].getBytes(StandardCharsets.US_ASCII);
        writer.addElement(MID_ID, mid, 0, mid.length);
        writer.addElement(RID_ID, rid, 0, rid.length);
        int at = packet.offset + writer.finish();
        byte[] b = packet.data;
        // RFC 7741 descriptor: X, S on the first packet of a frame, partition 0; I with a 15-bit PictureID (M).
        b[at++] = (byte) (marker ? 0x80 : 0x90);
        b[at++] = (byte) 0x80;
        b[at++] = (byte) (0x80 | pictureId[layer] >> 8);
        b[at++] = (byte) pictureId[layer];
        // RFC 6386 9.1 frame tag (P bit 0 = key frame), start code, 14-bit width and height, little endian.
        b[at] = (byte) (keyframe ? 0x00 : 0x01);
        b[at + 1] = 0;
        b[at + 2] = 0;
        b[at + 3] = (byte) 0x9d;
        b[at + 4] = 0x01;
        b[at + 5] = 0x2a;
        b[at + 6] = (byte) WIDTHS[layer];
        b[at + 7] = (byte) (WIDTHS[layer] >> 8);
        b[at + 8] = (byte) HEIGHTS[layer];
        b[at + 9] = (byte) (HEIGHTS[layer] >> 8);
        b[at + 10] = (byte) layer;
        packet.length = at - packet.offset + 100;
        packet.receivedAtNanos = clock.nowNanos;
        if (router.onRtp(publisher, packet) == PacketFate.RELEASE) pool.release(packet);
    }

    private void at(long ms, Runnable action) throws Exception {
        RouterTicks.at(worker, clock, router, ms, action);
    }
}

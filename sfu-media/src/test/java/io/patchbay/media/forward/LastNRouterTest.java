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
import io.patchbay.media.worker.MediaWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Active speakers and last-N through a real router: three publishers send audio with RFC 6464 levels and video; a
 * fourth participant receives all three with last-N 1 and gets the video of whoever spoke last, after the detector's
 * hysteresis; every participant's own video never counts toward its N. The room hears the ranking once per change.
 * A pinned publisher's video comes in addition to the N, and stops when unpinned.
 */
class LastNRouterTest {
    private static final long MS = 1_000_000L;
    private static final ExtensionIds PUBLISHER = new ExtensionIds(1, 2, 3, 4);
    private static final ExtensionIds SUBSCRIBER = new ExtensionIds(1, 2, 3, 4);
    private static final int PUBLISHERS = 3;

    private final ManualClock clock = new ManualClock();
    private final PacketBufferPool pool = new PacketBufferPool(512);
    private final MediaWorker worker = new MediaWorker("last-n-test", pool, clock, reason -> { });
    private final MediaStats stats = new MediaStats();
    private final List<List<String>> speakerEvents = new CopyOnWriteArrayList<>();
    private final Router router = new Router("room", worker, null, stats, new RouterListener() {
        @Override
        public void onTransportConnected(String transportId) {
        }

        @Override
        public void onTransportFailed(String transportId, String reason) {
        }

        @Override
        public void onActiveSpeakers(List<String> audioTrackIds) {
            speakerEvents.add(audioTrackIds);
        }
    });
    private final CountingTransport[] publishers = new CountingTransport[PUBLISHERS];
    private final CountingTransport viewer = new CountingTransport("viewer");
    private final int[] sequence = new int[PUBLISHERS * 2];
    private long timestamp;

    @AfterEach
    void stop() {
        router.close();
        worker.close();
    }

    @Test
    void aSubscriberWithLastNOneGetsTheVideoOfWhoeverSpokeLast() throws Exception {
        room();
        // 0 to 3 s publisher 0 talks, 3 to 7 s publisher 2 talks, the others are silent; everyone sends video.
        for (long ms = 0; ms < 7_000; ms += 20) {
            int talker = ms < 3_000 ? 0 : 2;
            boolean keyframe = ms % 1_000 == 0;
            at(ms, () -> {
                for (int i = 0; i < PUBLISHERS; i++) {
                    audio(i, i == talker ? 30 : 127, i == talker);
                    video(i, keyframe);
                }
                timestamp += 1800;
            });
            if (ms == 2_980) {
                assertEquals(only(0), videoSenders(), "while publisher 0 talks");
            }
            if (ms == 5_000) {
                viewer.recorded.clear(); // publisher 2 has talked for 2 s: past the detector's hysteresis
            }
        }
        assertEquals(only(2), videoSenders(), "publisher 2 took over");
        assertTrue(stats.skippedCount(SkipReason.NOT_IN_LAST_N) > 0);
        assertEquals("audio2", speakerEvents.get(speakerEvents.size() - 1).get(0), speakerEvents.toString());
        assertTrue(speakerEvents.stream().anyMatch(e -> !e.isEmpty() && e.get(0).equals("audio0")),
                speakerEvents.toString());
        for (int i = 1; i < speakerEvents.size(); i++) {
            assertTrue(!speakerEvents.get(i).equals(speakerEvents.get(i - 1)), "events only on change");
        }
    }

    @Test
    void aPinnedPublishersVideoComesInAdditionUntilUnpinned() throws Exception {
        room();
        router.setPinned(viewer, List.of(publishers[2]));
        for (long ms = 0; ms < 4_000; ms += 20) {
            boolean keyframe = ms % 1_000 == 0;
            at(ms, () -> {
                for (int i = 0; i < PUBLISHERS; i++) {
                    audio(i, i == 1 ? 30 : 127, i == 1);
                    video(i, keyframe);
                }
                timestamp += 1800;
            });
            if (ms == 1_500) viewer.recorded.clear(); // publisher 1 has the floor by now
            if (ms == 2_000) {
                assertEquals(new TreeSet<>(List.of(1, 2)), videoSenders(), "publisher 1 talks, publisher 2 is pinned");
                router.setPinned(viewer, List.of());
            }
            if (ms == 2_500) viewer.recorded.clear();
        }
        assertEquals(only(1), videoSenders(), "unpinned: only the speaker");
    }

    /** Three publishers with audio and video, all received by the viewer with last-N 1. */
    private void room() {
        viewer.recorded = new ArrayList<>();
        router.setLastN(1);
        router.addTransport(viewer);
        for (int i = 0; i < PUBLISHERS; i++) {
            publishers[i] = new CountingTransport("publisher" + i);
            router.addTransport(publishers[i]);
            router.createProducer(publishers[i], new ProducerSpec("audio" + i, TrackKind.AUDIO, "a",
                    List.of(new CodecMapping(111, 111, "opus", 48_000)), Map.of(), audioSsrc(i), 0, PUBLISHER,
                    false, false, 0));
            router.createProducer(publishers[i], new ProducerSpec("video" + i, TrackKind.VIDEO, "v",
                    List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(), videoSsrc(i), 0, PUBLISHER,
                    true, true, 0));
            router.createConsumer(viewer, new ConsumerSpec("video" + i, 0x7000 + i, "v" + i, "c", SUBSCRIBER));
            router.createConsumer(viewer, new ConsumerSpec("audio" + i, 0x8000 + i, "a" + i, "c", SUBSCRIBER));
        }
    }

    private static TreeSet<Integer> only(int publisher) {
        return new TreeSet<>(List.of(publisher));
    }

    /** Publishers whose video reached the viewer (consumer SSRC 0x7000 + publisher). */
    private TreeSet<Integer> videoSenders() {
        TreeSet<Integer> out = new TreeSet<>();
        RtpHeader h = new RtpHeader();
        for (byte[] p : viewer.recorded) {
            h.parse(p, 0, p.length);
            if (h.ssrc() >= 0x7000 && h.ssrc() < 0x8000) out.add((int) (h.ssrc() - 0x7000));
        }
        return out;
    }

    private static long audioSsrc(int i) {
        return 0xA000 + i;
    }

    private static long videoSsrc(int i) {
        return 0xB000 + i;
    }

    private void audio(int publisher, int levelDbov, boolean voice) {
        PacketBuffer packet = pool.acquire();
        RtpHeaderWriter w = new RtpHeaderWriter();
        int s = sequence[publisher * 2] = (sequence[publisher * 2] + 1) & 0xFFFF;
        w.begin(packet.data, packet.offset, false, false, 111, s, timestamp, audioSsrc(publisher));
        byte[] level = {(byte) ((voice ? 0x80 : 0) | levelDbov)};
        w.addElement(1, level, 0, 1);
        int at = packet.offset + w.finish();
        packet.data[at] = 0x78;
        packet.length = at - packet.offset + 40;
        packet.receivedAtNanos = clock.nowNanos;
        if (router.onRtp(publishers[publisher], packet) == PacketFate.RELEASE) pool.release(packet);
    }

    private void video(int publisher, boolean keyframe) {
        PacketBuffer packet = pool.acquire();
        RtpHeaderWriter w = new RtpHeaderWriter();
        int s = sequence[publisher * 2 + 1] = (sequence[publisher * 2 + 1] + 1) & 0xFFFF;
        w.begin(packet.data, packet.offset, false, true, 96, s, timestamp, videoSsrc(publisher));
        int at = packet.offset + w.finish();
        packet.data[at] = 0x10; // VP8 descriptor: S
        packet.data[at + 1] = (byte) (keyframe ? 0x00 : 0x01); // P bit 0: key frame
        packet.length = at - packet.offset + 100;
        packet.receivedAtNanos = clock.nowNanos;
        if (router.onRtp(publishers[publisher], packet) == PacketFate.RELEASE) pool.release(packet);
    }

    private void at(long ms, Runnable action) throws Exception {
        RouterTicks.at(worker, clock, router, ms, action);
    }
}

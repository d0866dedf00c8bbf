package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.codec.Vp8OutputTag;
import io.patchbay.media.codec.Vp8ParseResult;
import io.patchbay.media.codec.Vp8PayloadDescriptor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A generated run through the forwarder: three simulcast layers, each with its own sequence numbers, timestamps and
 * (VP8) 15-bit picture ids, 3 packets per frame at 30 fps, a keyframe on each layer every 2 s plus random extra ones
 * (a keyframe request), and the target layer changed at random every ~0.5 s. Whatever is forwarded must look like one
 * stream: sequence numbers +1 per packet, timestamps never going back and the same within a frame, and for VP8 the
 * PictureID +1 per picture, TL0PICIDX never going back. 100,000 source packets per codec.
 *
 * <p>The "VP8 temporal" runs add three temporal layers per simulcast layer (Chrome's L1T3 pattern: TID 0, 2, 1, 2,
 * some frames marked as switching points) and a temporal target changed at random too: dropped frames must close up,
 * so the same continuity holds, and no picture above the target in effect at its start is sent.
 */
class ForwarderContinuityTest {
    private static final int PACKETS = 100_000;
    private static final int LAYERS = 3;
    private static final long FRAME_NANOS = 33_333_333L;

    @ParameterizedTest(name = "{0}, seed {1}")
    @CsvSource({"VP8, 1", "VP8, 2", "H264, 3", "VP8 temporal, 4", "VP8 temporal, 5"})
    void switchesKeepOneContinuousStream(String codec, long seed) {
        boolean vp8 = codec.startsWith("VP8");
        boolean temporal = codec.endsWith("temporal");
        FrameInfo info = FrameInfo.none();
        int temporalDrops = 0;
        Random random = new Random(seed);
        Forwarder forwarder = new Forwarder(true, new RtpMunger(90_000, random.nextInt(0x10000), random.nextInt()));
        int[] seq = new int[LAYERS];
        long[] ts = new long[LAYERS];
        int[] picture = new int[LAYERS];
        int[] tl0 = new int[LAYERS];
        for (int l = 0; l < LAYERS; l++) {
            seq[l] = random.nextInt(0x10000);
            ts[l] = random.nextInt() & 0xFFFFFFFFL;
            picture[l] = random.nextInt(0x8000);
            tl0[l] = random.nextInt(256);
        }
        byte[] payload = new byte[17];
        Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
        int lastSeq = -1;
        long lastTs = -1;
        int lastPicture = -1;
        int lastTl0 = -1;
        int forwarded = 0;
        int switches = 0;
        int frame = 0;
        int packets = 0;
        while (packets < PACKETS) {
            if (random.nextInt(15) == 0) forwarder.setTargetLayer(random.nextInt(LAYERS));
            if (temporal && random.nextInt(10) == 0) forwarder.setTargetTemporal(random.nextInt(3));
            long now = frame * FRAME_NANOS;
            for (int l = 0; l < LAYERS; l++) {
                boolean keyframe = frame % 60 == l * 7 || random.nextInt(90) == 0;
                int tid = temporal ? (keyframe ? 0 : TEMPORAL_PATTERN[frame % 4]) : -1;
                boolean sync = tid > 0 && random.nextInt(3) == 0;
                for (int p = 0; p < 3; p++, packets++) {
                    seq[l] = (seq[l] + 1) & 0xFFFF;
                    boolean first = p == 0;
                    Vp8PayloadDescriptor d = null;
                    if (vp8) {
                        writeVp8(payload, first, picture[l], tl0[l], tid, sync, keyframe && first);
                        assertEquals(Vp8ParseResult.OK, descriptor.parse(payload, 0, payload.length));
                        d = descriptor;
                    }
                    info.clear();
                    if (temporal) {
                        info.temporalId = tid;
                        info.switchingPoint = sync;
                        info.pictureStart = first;
                    }
                    int targetAtStart = forwarder.targetTemporal();
                    ForwardDecision decision = forwarder.decide(l, seq[l], ts[l], keyframe && first, d, info, true,
                            false, now);
                    if (!decision.forward) {
                        if (decision.skipReason == io.patchbay.media.SkipReason.TEMPORAL_LAYER) temporalDrops++;
                        continue;
                    }
                    if (temporal && first) {
                        assertTrue(tid <= targetAtStart, "a TID " + tid + " picture sent with target " + targetAtStart);
                    }
                    forwarded++;
                    if (decision.switchedLayer) switches++;
                    if (lastSeq >= 0) {
                        assertEquals((lastSeq + 1) & 0xFFFF, decision.outSequence, "sequence after packet " + forwarded);
                        long step = (decision.outTimestamp - lastTs) & 0xFFFFFFFFL;
                        assertTrue(step < 0x8000_0000L, "timestamp went back at packet " + forwarded);
                        if (p > 0) assertEquals(0, step, "one timestamp per frame");
                    }
                    lastSeq = decision.outSequence;
                    lastTs = decision.outTimestamp;
                    if (vp8) {
                        byte[] out = payload.clone();
                        Vp8OutputTag.write(decision.payloadTag, out, 0);
                        assertEquals(Vp8ParseResult.OK, descriptor.parse(out, 0, out.length));
                        int pictureOut = descriptor.pictureId();
                        if (lastPicture >= 0) {
                            int expected = first ? (lastPicture + 1) & 0x7FFF : lastPicture;
                            assertEquals(expected, pictureOut, "PictureID at packet " + forwarded);
                            assertTrue(((descriptor.tl0PicIdx() - lastTl0) & 0xFF) < 128, "TL0PICIDX went back");
                        }
                        lastPicture = pictureOut;
                        lastTl0 = descriptor.tl0PicIdx();
                    }
                }
                ts[l] = (ts[l] + 3000) & 0xFFFFFFFFL;
                picture[l] = (picture[l] + 1) & 0x7FFF;
                if (!temporal || TEMPORAL_PATTERN[(frame + 1) % 4] == 0) tl0[l] = (tl0[l] + 1) & 0xFF;
            }
            frame++;
        }
        System.out.printf("%s seed %d: %d of %d packets forwarded, %d layer switches, %d temporal drops%n", codec, seed,
                forwarded, packets, switches, temporalDrops);
        assertTrue(switches > 50, "the run should switch often, switched " + switches);
        if (temporal) assertTrue(temporalDrops > PACKETS / 20, "temporal layers dropped only " + temporalDrops);
        assertTrue(forwarded > PACKETS / (temporal ? 8 : 5), "forwarded only " + forwarded);
    }

    /** TID of frame n (mod 4) in libwebrtc's three-layer VP8 pattern. */
    private static final int[] TEMPORAL_PATTERN = {0, 2, 1, 2};

    /**
     * RFC 7741: X, S (first packet), I with a 15-bit PictureID, L, and T with TID and Y when {@code tid >= 0}; then the
     * VP8 frame header (P bit 0 on keyframes).
     */
    private static void writeVp8(byte[] b, boolean start, int pictureId, int tl0PicIdx, int tid, boolean sync,
                                 boolean keyframe) {
        java.util.Arrays.fill(b, (byte) 0);
        b[0] = (byte) (start ? 0x90 : 0x80);
        b[1] = (byte) (tid >= 0 ? 0xE0 : 0xC0);
        b[2] = (byte) (0x80 | pictureId >> 8);
        b[3] = (byte) pictureId;
        b[4] = (byte) tl0PicIdx;
        int at = 5;
        if (tid >= 0) b[at++] = (byte) (tid << 6 | (sync ? 0x20 : 0));
        b[at] = (byte) (keyframe ? 0x00 : 0x01);
        // RFC 6386 9.1: start code, then 14-bit width and height (320x180), little endian.
        b[at + 3] = (byte) 0x9d;
        b[at + 4] = 0x01;
        b[at + 5] = 0x2a;
        b[at + 6] = 0x40;
        b[at + 7] = 0x01;
        b[at + 8] = (byte) 0xb4;
        b[at + 9] = 0x00;
    }
}

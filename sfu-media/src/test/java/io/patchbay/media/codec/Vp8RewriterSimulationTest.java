package io.patchbay.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 100,000 generated packets from three simulated simulcast layers, each with its own PictureID width (7 or 15 bits,
 * redrawn when its publisher restarts), PictureID, TL0PICIDX and KEYIDX, temporal layers 0-2-1-2, and one to three
 * packets per frame; forwarded to one subscriber that switches layers at random (on the new layer's key frame, after
 * {@link Vp8Rewriter#rebase}), with packets reordered a few places and 2% lost. An independent model checks every
 * forwarded packet: the first picture of each run is the last output + 1 (PictureID, TL0PICIDX, KEYIDX mod 32),
 * later pictures keep their source distance (so each new picture is +1 unless a whole picture was lost), every packet
 * of a picture gets the same id, output never goes backwards across a switch, and late packets from before the run's
 * first picture are dropped.
 */
class Vp8RewriterSimulationTest {
    private static final int PACKETS = 100_000;
    private static final int[] TEMPORAL_PATTERN = {0, 2, 1, 2};
    private static final int MASK_15 = 0x7FFF;

    /** One simulcast layer (encoding) of the publisher. */
    private static final class Layer {
        int width;
        int pictureIdStart;
        long frame;
        int patternPosition;
        int tl0PicIdx;
        int keyIdx;
        boolean sendsKeyIdx;

        void restart(Random random) {
            width = random.nextBoolean() ? 15 : 7;
            pictureIdStart = random.nextInt(1 << width);
            frame = 0;
            patternPosition = 0;
            tl0PicIdx = random.nextInt(256);
            keyIdx = random.nextInt(32);
            sendsKeyIdx = random.nextInt(3) == 0;
        }
    }

    /** A generated packet and the source values it carries. */
    private record Packet(byte[] payload, long frame, int width, int tl0PicIdx, int keyIdx) {
    }

    private final Vp8Rewriter rewriter = new Vp8Rewriter();
    private final Vp8PayloadDescriptor in = new Vp8PayloadDescriptor();
    private final Vp8PayloadDescriptor out = new Vp8PayloadDescriptor();

    // The model of what the subscriber must see.
    private boolean runStartPending = true;
    private boolean anyPictureOut;
    private int highestPictureOut15;
    private long runFirstFrame;
    private int runFirstPictureOut15;
    private long highestFrameInRun;
    private final Map<Long, Integer> pictureOutByFrame = new HashMap<>();
    private boolean tl0RunStarted;
    private int runFirstTl0Source;
    private int runFirstTl0Out;
    private boolean anyTl0Out;
    private int highestTl0Out;
    private boolean keyIdxRunStarted;
    private int runFirstKeyIdxSource;
    private int runFirstKeyIdxOut;
    private boolean anyKeyIdxOut;
    private int highestKeyIdxOut;

    // What the run covered, so a quiet run cannot pass unnoticed.
    private int forwarded;
    private int runs;
    private int runs7Bit;
    private int runs15Bit;
    private int dropped;
    private int stepsOfOne;
    private int stepsOverAGap;
    private int outputWraps;
    private int keyIdxSwitches;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 20260401, 7_777_777})
    void pictureIdTl0PicIdxAndKeyIdxStayContinuousAcrossRandomSwitches(long seed) {
        Random random = new Random(seed);
        Layer[] layers = {new Layer(), new Layer(), new Layer()};
        for (Layer layer : layers) {
            layer.restart(random);
        }
        int current = 0;
        boolean keyframeNext = true;
        boolean rebaseBeforeNextDelivery = false;
        List<Packet> reorder = new ArrayList<>();
        int generated = 0;
        while (generated < PACKETS) {
            int event = random.nextInt(1000);
            if (event < 5) { // switch to another layer
                current = (current + 1 + random.nextInt(2)) % layers.length;
                keyframeNext = true;
                rebaseBeforeNextDelivery = true;
                reorder.clear(); // still in flight from the old layer's SSRC: the SFU drops them by SSRC
            } else if (event < 6) { // the publisher restarts the layer we forward
                layers[current].restart(random);
                keyframeNext = true;
                rebaseBeforeNextDelivery = true;
                reorder.clear();
            }
            for (Packet packet : frame(layers[current], keyframeNext, random)) {
                generated++;
                reorder.add(packet);
                int n = reorder.size();
                if (n >= 2 && random.nextInt(100) < 15) {
                    swap(reorder, n - 1, n - 2);
                }
                if (n >= 4 && random.nextInt(100) < 5) {
                    swap(reorder, n - 1, n - 4);
                }
                while (reorder.size() > 4) {
                    Packet next = reorder.remove(0);
                    if (rebaseBeforeNextDelivery) {
                        rewriter.rebase();
                        runStartPending = true;
                        rebaseBeforeNextDelivery = false;
                    }
                    if (random.nextInt(100) >= 2) {
                        deliver(next);
                    }
                }
            }
            keyframeNext = false;
        }

        assertTrue(forwarded > 90_000, forwarded + " forwarded");
        assertTrue(runs > 200, runs + " runs");
        assertTrue(runs7Bit > 50 && runs15Bit > 50, runs7Bit + " 7-bit and " + runs15Bit + " 15-bit runs");
        assertTrue(dropped > 10, dropped + " late packets from before a run's first picture");
        assertTrue(stepsOfOne > 5 * stepsOverAGap && stepsOverAGap > 0, stepsOfOne + " steps of one, "
                + stepsOverAGap + " over a lost picture");
        assertTrue(outputWraps > 0, "the 15-bit output wraps");
        assertTrue(keyIdxSwitches > 20, keyIdxSwitches + " KEYIDX switches");
    }

    /** The packets of the layer's next frame, advancing its counters as a VP8 encoder with 3 temporal layers would. */
    private static List<Packet> frame(Layer layer, boolean keyframe, Random random) {
        if (keyframe) {
            layer.patternPosition = 0;
            layer.keyIdx = (layer.keyIdx + 1) & 0x1F;
        }
        int tid = TEMPORAL_PATTERN[layer.patternPosition++ % TEMPORAL_PATTERN.length];
        if (tid == 0) {
            layer.tl0PicIdx = (layer.tl0PicIdx + 1) & 0xFF;
        }
        long frame = ++layer.frame;
        int pictureId = (int) ((layer.pictureIdStart + frame) & ((1 << layer.width) - 1));
        int count = 1 + random.nextInt(3);
        List<Packet> packets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean first = i == 0;
            byte[] b = new byte[16];
            int at = 0;
            b[at++] = (byte) (0x80 | (first ? 0x10 : 0));
            b[at++] = (byte) (0xE0 | (layer.sendsKeyIdx ? 0x10 : 0));
            if (layer.width == 15) {
                b[at++] = (byte) (0x80 | pictureId >>> 8);
            }
            b[at++] = (byte) pictureId;
            b[at++] = (byte) layer.tl0PicIdx;
            b[at++] = (byte) (tid << 6 | (tid == 1 || keyframe ? 0x20 : 0) | layer.keyIdx);
            byte[] vp8 = first && keyframe
                    ? new byte[] {0x50, 0x2C, 0x00, (byte) 0x9D, 0x01, 0x2A, 0x00, 0x05, (byte) 0xD0, 0x02}
                    : new byte[] {(byte) (first ? 0x51 : random.nextInt(256)), 0x2C};
            System.arraycopy(vp8, 0, b, at, vp8.length);
            packets.add(new Packet(java.util.Arrays.copyOf(b, at + vp8.length), frame, layer.width,
                    layer.tl0PicIdx, layer.sendsKeyIdx ? layer.keyIdx : -1));
        }
        return packets;
    }

    private void deliver(Packet packet) {
        byte[] payload = packet.payload();
        assertEquals(Vp8ParseResult.OK, in.parse(payload, 0, payload.length));
        Vp8RewriteResult result = rewriter.rewrite(in);
        if (runStartPending) {
            runStartPending = false;
            runs++;
            if (packet.width() == 7) runs7Bit++; else runs15Bit++;
            runFirstFrame = packet.frame();
            highestFrameInRun = packet.frame() - 1;
            runFirstPictureOut15 = anyPictureOut ? (highestPictureOut15 + 1) & MASK_15 : sourcePictureId(in);
            pictureOutByFrame.clear();
            tl0RunStarted = false;
            keyIdxRunStarted = false;
        }
        if (packet.frame() < runFirstFrame) {
            assertEquals(Vp8RewriteResult.DROP_BEFORE_RUN_START, result, "a picture from before the run's first");
            dropped++;
            return;
        }
        assertEquals(Vp8RewriteResult.FORWARD, result);
        forwarded++;
        byte[] copy = payload.clone();
        rewriter.writeTo(copy, 0);
        assertEquals(Vp8ParseResult.OK, out.parse(copy, 0, copy.length));
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(payload, in.descriptorLength(),
                payload.length)), java.util.Arrays.toString(java.util.Arrays.copyOfRange(copy, in.descriptorLength(),
                copy.length)), "the VP8 payload is untouched");
        assertEquals(in.startOfFrame(), out.startOfFrame());
        assertEquals(in.tid(), out.tid());
        assertEquals(in.layerSync(), out.layerSync());

        checkPictureId(packet);
        checkTl0PicIdx(packet);
        checkKeyIdx(packet);
    }

    private void checkPictureId(Packet packet) {
        int widthMask = (1 << packet.width()) - 1;
        assertEquals(packet.width(), out.pictureIdBits(), "the width of the incoming packet");
        int expected15 = (int) ((runFirstPictureOut15 + packet.frame() - runFirstFrame) & MASK_15);
        assertEquals(expected15 & widthMask, out.pictureId(), "PictureID keeps the source distance in the run");
        Integer earlier = pictureOutByFrame.putIfAbsent(packet.frame(), out.pictureId());
        if (earlier != null) {
            assertEquals(earlier, out.pictureId(), "every packet of one picture has one id");
        }
        if (packet.frame() > highestFrameInRun) {
            if (anyPictureOut) {
                int step = signed(out.pictureId() - highestPictureOut15, packet.width());
                boolean runStart = packet.frame() == runFirstFrame;
                assertEquals(runStart ? 1 : packet.frame() - highestFrameInRun, step,
                        runStart ? "a run starts at the last id + 1" : "a new picture moves on by its frame distance");
                assertTrue(step > 0, "never backwards");
                if (step == 1) stepsOfOne++; else stepsOverAGap++;
                if (expected15 < highestPictureOut15) outputWraps++;
            }
            highestFrameInRun = packet.frame();
            highestPictureOut15 = expected15;
            anyPictureOut = true;
        }
    }

    private void checkTl0PicIdx(Packet packet) {
        if (!tl0RunStarted) {
            tl0RunStarted = true;
            runFirstTl0Source = packet.tl0PicIdx();
            runFirstTl0Out = anyTl0Out ? (highestTl0Out + 1) & 0xFF : packet.tl0PicIdx();
        }
        int expected = (runFirstTl0Out + packet.tl0PicIdx() - runFirstTl0Source) & 0xFF;
        assertEquals(expected, out.tl0PicIdx(), "TL0PICIDX");
        if (!anyTl0Out || signed(expected - highestTl0Out, 8) > 0) {
            highestTl0Out = expected;
        }
        anyTl0Out = true;
    }

    private void checkKeyIdx(Packet packet) {
        if (packet.keyIdx() < 0) {
            assertEquals(-1, out.keyIdx());
            return;
        }
        if (!keyIdxRunStarted) {
            keyIdxRunStarted = true;
            runFirstKeyIdxSource = packet.keyIdx();
            runFirstKeyIdxOut = anyKeyIdxOut ? (highestKeyIdxOut + 1) & 0x1F : packet.keyIdx();
            if (anyKeyIdxOut) keyIdxSwitches++;
        }
        int expected = (runFirstKeyIdxOut + packet.keyIdx() - runFirstKeyIdxSource) & 0x1F;
        assertEquals(expected, out.keyIdx(), "KEYIDX");
        if (!anyKeyIdxOut || signed(expected - highestKeyIdxOut, 5) > 0) {
            highestKeyIdxOut = expected;
        }
        anyKeyIdxOut = true;
    }

    private static int sourcePictureId(Vp8PayloadDescriptor d) {
        return d.pictureId();
    }

    private static int signed(int delta, int bits) {
        return delta << (32 - bits) >> (32 - bits);
    }

    private static void swap(List<Packet> list, int i, int j) {
        Packet t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
    }
}

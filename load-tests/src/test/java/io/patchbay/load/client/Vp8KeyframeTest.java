package io.patchbay.load.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Vp8KeyframeTest {

    /** An RTP packet with one 4-byte header extension block, then {@code payload}. */
    private static byte[] rtp(int... payload) {
        byte[] d = new byte[12 + 8 + payload.length];
        d[0] = (byte) 0x90; // V=2, X=1
        d[1] = 96;
        d[12] = (byte) 0xBE;
        d[13] = (byte) 0xDE;
        d[15] = 1; // one 32-bit word of extensions
        for (int i = 0; i < payload.length; i++) d[20 + i] = (byte) payload[i];
        return d;
    }

    @Test
    void theGeneratorsOwnKeyframeAndDeltaFrames() {
        assertTrue(Vp8Keyframe.isKeyframeStart(rtp(0x10, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a), 27));
        assertFalse(Vp8Keyframe.isKeyframeStart(rtp(0x10, 0x11, 0x02, 0x00), 24), "P=1: delta frame");
        assertFalse(Vp8Keyframe.isKeyframeStart(rtp(0x00, 0x10, 0x02), 23), "S=0: not the start of a frame");
        assertFalse(Vp8Keyframe.isKeyframeStart(rtp(0x11, 0x10, 0x02), 23), "partition 1");
    }

    @Test
    void extendedDescriptorFieldsAreSkipped() {
        // X=1; I=1 with a 15-bit picture id (M=1), L=1, T=1: five descriptor bytes before the VP8 header.
        assertTrue(Vp8Keyframe.isKeyframeStart(rtp(0x90, 0xE0, 0x80 | 0x12, 0x34, 0x05, 0x20, 0x10), 27));
        assertFalse(Vp8Keyframe.isKeyframeStart(rtp(0x90, 0xE0, 0x80 | 0x12, 0x34, 0x05, 0x20, 0x11), 27));
        // X=1, I=1 with a 7-bit picture id.
        assertTrue(Vp8Keyframe.isKeyframeStart(rtp(0x90, 0x80, 0x12, 0x10), 24));
    }

    @Test
    void frameStartsAreClassified() {
        assertEquals(Vp8Keyframe.KEYFRAME_START, Vp8Keyframe.frameStart(rtp(0x10, 0x10, 0x02), 23));
        assertEquals(Vp8Keyframe.DELTA_FRAME_START, Vp8Keyframe.frameStart(rtp(0x10, 0x11, 0x02), 23));
        assertEquals(Vp8Keyframe.NOT_A_FRAME_START, Vp8Keyframe.frameStart(rtp(0x00, 0x10, 0x02), 23));
    }

    @Test
    void truncatedPacketsAreNotKeyframes() {
        assertFalse(Vp8Keyframe.isKeyframeStart(rtp(0x90, 0x80), 22));
        assertFalse(Vp8Keyframe.isKeyframeStart(rtp(), 20));
        assertFalse(Vp8Keyframe.isKeyframeStart(new byte[8], 8));
    }

    @Test
    void keyframeHeightIsThe14BitsAfterTheWidth() {
        // 1280x720: width 00 05, height d0 02 (little-endian); top 2 bits of each are the scaling.
        assertEquals(720, Vp8Keyframe.keyframeHeight(
                rtp(0x10, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x00, 0x05, 0xd0, 0x02), 31));
        assertEquals(180, Vp8Keyframe.keyframeHeight(
                rtp(0x90, 0x80, 0x12, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xb4, 0xc0), 33),
                "picture id skipped; scaling bits masked");
        assertEquals(-1, Vp8Keyframe.keyframeHeight(
                rtp(0x10, 0x11, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x00, 0x05, 0xd0, 0x02), 31), "delta frame");
        assertEquals(-1, Vp8Keyframe.keyframeHeight(
                rtp(0x10, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2b, 0x00, 0x05, 0xd0, 0x02), 31), "bad start code");
        assertEquals(-1, Vp8Keyframe.keyframeHeight(rtp(0x10, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x00, 0x05), 29),
                "truncated");
    }
}

package io.patchbay.media.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.media.packet.Hex;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Parsing a VP8 descriptor, rewriting it for a subscriber and reading an H.264 SPS allocate nothing per packet: measured with the JVM's
 * per-thread allocation counter, as {@code io.patchbay.media.packet.AllocationFreeTest} does.
 */
class CodecAllocationFreeTest {
    private static final int ITERATIONS = 20_000;
    /** The counter reads themselves may allocate a little; per-packet allocation would show as megabytes. */
    private static final long TOLERANCE_BYTES = 4096;

    private final byte[] keyframe = Hex.bytes(Vp8PayloadDescriptorTest.CHROME_KEYFRAME_720P);
    private final byte[] interFrame = Hex.bytes("80 F0 AA 06 17 83 01 02 03 04");
    private final byte[] copy = new byte[64];
    private final Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
    private final Vp8Rewriter rewriter = new Vp8Rewriter();
    private final byte[] spsInStapA = Hex.bytes("""
            78 00 19                      # STAP-A, 25-byte SPS: high profile 320x180
            67 64 00 0D AC D9 41 41 9F 9E 10 00 00 03 00 10 00 00 03 03 C0 F1 42 99 60
            00 04 68 CE 3C 80             # PPS
            """);
    private final H264Sps sps = new H264Sps();
    private long sink;

    @Test
    void parseRewriteAndSpsAllocateNothing() {
        com.sun.management.ThreadMXBean bean = threadBean();
        assumeTrue(bean != null && bean.isThreadAllocatedMemorySupported(), "allocation counter not available");
        bean.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < ITERATIONS; i++) {
            onePacket(i); // warm-up: class loading, enum initialization, JIT
        }
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < ITERATIONS; i++) {
            onePacket(i);
        }
        long allocated = bean.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < TOLERANCE_BYTES, allocated + " bytes allocated over " + ITERATIONS + " packets");
        assertTrue(sink != 0);
    }

    private void onePacket(int i) {
        boolean switchNow = i % 100 == 0;
        byte[] payload = switchNow ? keyframe : interFrame;
        if (switchNow) {
            rewriter.rebase();
        }
        Vp8PayloadDescriptor.writePictureId(payload, 0, i);
        Vp8PayloadDescriptor.writeTl0PicIdx(payload, 0, i >> 2);
        if (descriptor.parse(payload, 0, payload.length) != Vp8ParseResult.OK) {
            throw new AssertionError("parse failed");
        }
        if (rewriter.rewrite(descriptor) == Vp8RewriteResult.FORWARD) {
            System.arraycopy(payload, 0, copy, 0, payload.length);
            rewriter.writeTo(copy, 0);
            sink += rewriter.pictureId() + rewriter.tl0PicIdx() + descriptor.width();
        }
        if (switchNow) {
            if (sps.parse(spsInStapA, 0, spsInStapA.length) != H264ParseResult.OK) {
                throw new AssertionError("SPS parse failed");
            }
            sink += sps.width() * sps.height();
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
    }
}

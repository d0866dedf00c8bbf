package io.patchbay.media.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.media.packet.Hex;
import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Parsing a VP8 descriptor, rewriting it for a subscriber, reading an H.264 SPS, parsing and rewriting a VP9
 * descriptor, and parsing dependency descriptors and adopting their structures allocate nothing per packet: measured
 * with the JVM's per-thread allocation counter, as {@code io.patchbay.media.packet.AllocationFreeTest} does.
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
    private final byte[] vp9KeyPicture = Hex.bytes(Vp9PayloadDescriptorTest.L3T3_KEY_PICTURE_SID0);
    private final byte[] vp9FlexibleDelta = Hex.bytes("F4 80 05 43 03 05 08 00"); // 3 P_DIFFs, SID 1
    private final Vp9PayloadDescriptor vp9 = new Vp9PayloadDescriptor();
    private final byte[] ddKeyFrame = new DependencyDescriptorWriter().frame(true, true, 60, 0)
            .structure(DependencyDescriptorWriter.L3T3_KEY).active(0b000_111_111, 9).bytes();
    /** Delta frames of every L3T3_KEY template (ids 60..63, 0..10), and one with its own DTIs, diffs and chains. */
    private final byte[][] ddDeltas = IntStream.range(0, 16)
            .mapToObj(t -> t < 15 ? new DependencyDescriptorWriter().frame(true, false, (60 + t) % 64, t).bytes()
                    : new DependencyDescriptorWriter().frame(false, true, 3, t).dtis("RRRDDDSS-")
                            .fdiffs(1, 17, 4096).chains(0, 200, 255).bytes())
            .toArray(byte[][]::new);
    private final DependencyDescriptor dd = new DependencyDescriptor();
    private final DependencyStructure ddCurrent = new DependencyStructure();
    private final DependencyStructure ddScratch = new DependencyStructure();
    private long sink;

    @Test
    void parseRewriteAndSpsAllocateNothing() {
        assertAllocatesNothing(this::onePacket);
    }

    @Test
    void vp9ParseAndWritersAllocateNothing() {
        assertAllocatesNothing(this::oneVp9Packet);
    }

    @Test
    void dependencyDescriptorParseAndStructureCopyAllocateNothing() {
        assertAllocatesNothing(this::oneDependencyDescriptor);
    }

    private void assertAllocatesNothing(IntConsumer packet) {
        com.sun.management.ThreadMXBean bean = threadBean();
        assumeTrue(bean != null && bean.isThreadAllocatedMemorySupported(), "allocation counter not available");
        bean.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < ITERATIONS; i++) {
            packet.accept(i); // warm-up: class loading, enum initialization, JIT
        }
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < ITERATIONS; i++) {
            packet.accept(i);
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

    /** A key picture with its scalability structure every 100 packets, flexible-mode deltas in between. */
    private void oneVp9Packet(int i) {
        byte[] payload = i % 100 == 0 ? vp9KeyPicture : vp9FlexibleDelta;
        Vp9PayloadDescriptor.writePictureId(payload, 0, i);
        Vp9PayloadDescriptor.writeTl0PicIdx(payload, 0, i >> 2);
        if (vp9.parse(payload, 0, payload.length) != Vp9ParseResult.OK) {
            throw new AssertionError("VP9 parse failed");
        }
        sink += vp9.pictureId() + vp9.tl0PicIdx() + vp9.pDiff(0) + vp9.width(vp9.spatialLayerCount() - 1)
                + vp9.descriptorLength();
    }

    /** A key frame with the L3T3_KEY structure every 100 packets, adopted as the current one; deltas in between. */
    private void oneDependencyDescriptor(int i) {
        byte[] ext = i % 100 == 0 ? ddKeyFrame : ddDeltas[i % ddDeltas.length];
        if (dd.parse(ext, 0, ext.length, ddCurrent, ddScratch) != DependencyParseResult.OK) {
            throw new AssertionError("dependency descriptor parse failed");
        }
        if (dd.hasStructure()) {
            ddCurrent.copyFrom(ddScratch);
        }
        sink += dd.frameNumber() + dd.spatialId() + dd.temporalId() + dd.decodeTargetIndication(i % 9) + dd.fdiff(0)
                + dd.chainDiff(i % 3) + ddCurrent.decodeTargetSpatialId(i % 9) + ddCurrent.renderWidth(2);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
    }
}

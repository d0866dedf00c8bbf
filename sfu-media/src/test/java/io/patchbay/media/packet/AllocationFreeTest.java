package io.patchbay.media.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.media.packet.rtcp.Nack;
import io.patchbay.media.packet.rtcp.Pli;
import io.patchbay.media.packet.rtcp.ReceiverReport;
import io.patchbay.media.packet.rtcp.ReportBlock;
import io.patchbay.media.packet.rtcp.RtcpCompound;
import io.patchbay.media.packet.rtcp.RtcpParseResult;
import io.patchbay.media.util.MpmcArrayQueue;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The per-packet operations allocate nothing: measured with the JVM's per-thread allocation counter over many
 * iterations, after a warm-up that loads and initializes every class involved.
 */
class AllocationFreeTest {
    private static final int ITERATIONS = 20_000;
    /** The counter reads themselves may allocate a little; per-packet allocation would show as megabytes. */
    private static final long TOLERANCE_BYTES = 4096;

    private final byte[] rtp = Hex.bytes("""
            91 6F 00 09  00 00 03 C0  00 00 00 0A  AA BB CC DD
            BE DE 00 02  10 85 22 01  02 03 00 00
            01 02 03 04 05 06 07 08
            """);
    private final byte[] rtcp = new byte[256];
    private final byte[] out = new byte[PacketBuffer.CAPACITY];
    private final RtpHeader header = new RtpHeader();
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final RtcpCompound compound = new RtcpCompound();
    private final Nack nack = new Nack();
    private final ReportBlock[] blocks = {new ReportBlock().set(1, 2, 3, 4, 5, 6, 7)};
    private final int[] lost = {100, 101, 116, 117, 200};
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private final PacketBufferPool pool = new PacketBufferPool(8);
    private final MpmcArrayQueue<PacketBuffer> queue = new MpmcArrayQueue<>(8);
    private long sink;

    @Test
    void packetPathAllocatesNothing() {
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
        assertEquals(0, pool.outstanding());
        assertTrue(sink != 0);
    }

    private void onePacket(int i) {
        // receive: acquire, hand over through a queue, parse, unwrap
        PacketBuffer in = pool.acquire();
        System.arraycopy(rtp, 0, in.data, in.offset, rtp.length);
        in.length = rtp.length;
        queue.offer(in);
        PacketBuffer taken = queue.poll();
        if (Rfc7983.classify(taken.data, taken.offset, taken.length) != PacketClass.RTP_RTCP
                || header.parse(taken.data, taken.offset, taken.length) != RtpParseResult.OK) {
            throw new AssertionError("parse failed");
        }
        sink += unwrapper.unwrap(header.sequenceNumber() + i);
        int level = header.findExtension(1);
        // forward: rewrite the header into another buffer
        writer.begin(out, PacketBuffer.HEADROOM, header.hasPadding(), header.marker(), 100, i, header.timestamp(),
                header.ssrc());
        writer.copyCsrcs(header.buffer(), header.offset() + 12, header.csrcCount());
        writer.addElement(1, header.buffer(), level, header.foundExtensionLength());
        writer.addAbsSendTime(3, AbsSendTime.fromNanos(i * 1_000_000L));
        writer.addTransportSeq(5, i);
        sink += writer.finish();
        pool.release(taken);

        // RTCP: build a compound, walk it, parse a NACK
        int at = ReceiverReport.write(rtcp, 0, 1, blocks, 1);
        at += Nack.write(rtcp, at, 1, 2, lost, lost.length);
        at += Pli.write(rtcp, at, 1, 2);
        compound.wrap(rtcp, 0, at);
        while (compound.next()) {
            switch (compound.kind()) {
                case NACK:
                    if (nack.parse(rtcp, compound.offset(), compound.length()) == RtcpParseResult.OK) {
                        for (int seq = nack.nextLost(); seq >= 0; seq = nack.nextLost()) {
                            sink += seq;
                        }
                    }
                    break;
                case PLI:
                    sink += Pli.mediaSsrc(rtcp, compound.offset());
                    break;
                default:
                    sink += compound.length();
            }
        }
        sink += NtpTime.compact(NtpTime.fromEpochMillis(i));
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
    }
}

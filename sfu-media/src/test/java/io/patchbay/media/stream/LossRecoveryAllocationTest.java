package io.patchbay.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.red.RedPacket;
import io.patchbay.media.packet.red.RedParseResult;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The loss-recovery building blocks allocate nothing per packet: a publisher stream losing one packet in ten, the
 * cache, NACK generation, a subscriber's history and guard, RTX out and back, and RED stripping, measured with the
 * JVM's per-thread allocation counter after a warm-up.
 */
class LossRecoveryAllocationTest {
    private static final int ITERATIONS = 20_000;
    private static final long TOLERANCE_BYTES = 4096;
    private static final long MS = 1_000_000L;

    private static final byte[] RED = {
        (byte) 0x90, 0x3F, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0x2A, (byte) 0xBE, (byte) 0xDE, 0, 1, 0x10, 0x55, 0, 0,
        (byte) 0xEF, 0x0F, 0, 3, 0x6F, 1, 2, 3, 4, 5, 6, 7,
    };

    private final PacketBufferPool pool = new PacketBufferPool(2048);
    private final RetransmissionCache cache = new RetransmissionCache(pool);
    private final NackGenerator nacks = new NackGenerator();
    private final SentPacketHistory history = new SentPacketHistory();
    private final RtpHeader header = new RtpHeader();
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final RedPacket red = new RedPacket();
    private final PacketBuffer out = new PacketBuffer();
    private final PacketBuffer scratch = new PacketBuffer();
    private final int[] lost = new int[64];
    private long sink;

    @Test
    void lossRecoveryAllocatesNothing() {
        com.sun.management.ThreadMXBean bean = threadBean();
        assumeTrue(bean != null && bean.isThreadAllocatedMemorySupported(), "allocation counter not available");
        bean.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < ITERATIONS; i++) {
            onePacket(i); // warm-up
        }
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        for (int i = ITERATIONS; i < 2 * ITERATIONS; i++) {
            onePacket(i);
        }
        long allocated = bean.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < TOLERANCE_BYTES, allocated + " bytes allocated over " + ITERATIONS + " packets");
        assertTrue(sink != 0);
        assertTrue(cache.hits() > ITERATIONS / 2, "retransmissions served: " + cache.hits());
        assertTrue(nacks.requestsSent() > ITERATIONS / 10, "losses requested: " + nacks.requestsSent());
        cache.close();
        assertEquals(0, pool.outstanding());
    }

    private void onePacket(int i) {
        long now = i * MS;
        if (i % 10 != 3) {
            PacketBuffer in = pool.acquire();
            System.arraycopy(RED, 0, in.data, in.offset, RED.length);
            RtpHeader.setSequenceNumber(in.data, in.offset, i);
            in.length = RED.length;
            header.parse(in.data, in.offset, in.length);
            nacks.onPacket(i, i % 100 == 0, false, now);
            history.record(i + 7, i, header.timestamp(), now);
            // publisher side: the server strips RED for a subscriber without it, into a send buffer
            if (red.parse(header) == RedParseResult.OK) {
                sink += red.writePrimary(header, 111, scratch.data, PacketBuffer.HEADROOM);
            }
            cache.put(i, in, now);
        }
        if (i % 5 == 0) {
            int n = nacks.collect(now, 50 * MS, lost);
            sink += n;
            cache.evictOlderThan(now);
        }
        // a subscriber NACKs a packet: map back, guard, fetch, send as RTX, and (as a publisher would) unwrap
        int outSeq = (i - 20 + 7) & 0xFFFF;
        long source = history.sourceFor(outSeq);
        if (source >= 0 && history.mayRetransmit(outSeq, now, 50 * MS)) {
            PacketBuffer original = cache.get(source, now);
            if (original != null) {
                header.parse(original.data, original.offset, original.length);
                writer.begin(out.data, PacketBuffer.HEADROOM, false, header.marker(), 97, i, header.timestamp(), 5);
                int headerLength = writer.finish();
                int n = RtxPacketizer.writeOsnAndPayload(out.data, PacketBuffer.HEADROOM + headerLength, outSeq,
                        original.data, header.payloadOffset(), header.payloadLength());
                out.offset = PacketBuffer.HEADROOM;
                out.length = headerLength + n;
                if (RtxPacketizer.unwrap(out, header, 1234, 111) == RtxPacketizer.UnwrapResult.OK) {
                    sink += header.sequenceNumber();
                }
            }
        }
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
    }
}

package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.PacketFate;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpProfile;
import io.patchbay.media.srtp.SrtpSession;
import io.patchbay.media.stream.RetransmissionCache;
import io.patchbay.media.worker.MediaClock;
import io.patchbay.media.worker.MediaWorker;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Publisher video packets (100,000, then windows of 50,000) through a real router to a few subscribers, on the router's own media thread, as
 * in the forwarding benchmark (load-tests, io.patchbay.bench), with and without SRTP protection of what is sent
 * (AEAD_AES_128_GCM through jitsi-srtp, as browsers negotiate it). Every packet reaches every subscriber; the buffer
 * pool holds only what the retransmission cache keeps, and nothing once the room closes; once the JIT has compiled the
 * path, a window of 50,000 packets allocates nothing on the media thread.
 */
class SteadyStateForwardingTest {
    /**
     * Packets before the first measured window, then windows of {@link #MEASURED} until one allocates nothing, at most
     * {@link #MAX_WINDOWS}: with SRTP, nothing allocates once the JIT has compiled and inlined the whole path (which
     * drops jitsi-srtp's logging lambdas), and when that happens depends on the compiler's queue.
     */
    private static final int WARM_UP = 100_000;
    private static final int MEASURED = 50_000;
    private static final int MAX_WINDOWS = 12;
    /** 0.02 B/packet: what a timer or the JIT's bookkeeping may leave on the thread, far below an object a packet. */
    private static final long CLEAN_WINDOW_BYTES = 1_000;
    private static final int SUBSCRIBERS = 3;
    private static final long PACKET_INTERVAL_NANOS = 4_000_000L;
    private static final int PAYLOAD_LENGTH = 1100;
    private static final ExtensionIds EXTENSIONS = new ExtensionIds(0, 2, 3, 4);
    /** Time stands still for the worker, so no timer (reports, feedback) runs in the middle of the measurement. */
    private static final MediaClock FROZEN = new MediaClock() {
        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public long wallClockMillis() {
            return 0;
        }
    };

    private final PacketBufferPool pool = new PacketBufferPool(2048);
    private final CountingTransport publisher = new CountingTransport("publisher");
    private final CountingTransport[] subscribers = new CountingTransport[SUBSCRIBERS];

    @ParameterizedTest(name = "SRTP protect: {0}")
    @ValueSource(booleans = {false, true})
    void steadyForwardingKeepsOnlyCachedBuffersAndAllocatesNothingPerPacket(boolean srtp) throws Exception {
        MediaWorker worker = new MediaWorker("forwarding-test", pool, FROZEN, reason -> { });
        try {
            // No TransportFactory: this router's transports are added, never created with ICE.
            Router router = new Router("room", worker, null, new MediaStats(), new NoEvents());
            router.addTransport(publisher);
            router.createProducer(publisher, new ProducerSpec("video", TrackKind.VIDEO, "1",
                    List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(96, 97), 0x11223344L, 0, EXTENSIONS,
                    true, true, 0));
            for (int i = 0; i < SUBSCRIBERS; i++) {
                subscribers[i] = new CountingTransport("subscriber-" + i);
                if (srtp) subscribers[i].srtp = new SrtpSession(keys(i), true);
                router.addTransport(subscribers[i]);
                router.createConsumer(subscribers[i], new ConsumerSpec("video", 0x1000 + i, "v0", "cname",
                        EXTENSIONS, 0x2000 + i, 97, false));
            }
            CompletableFuture<Run> allocated = new CompletableFuture<>();
            worker.execute(() -> {
                try {
                    allocated.complete(forwardAll(router));
                } catch (Throwable t) {
                    allocated.completeExceptionally(t);
                }
            });
            Run run = allocated.get(180, TimeUnit.SECONDS);

            for (CountingTransport s : subscribers) assertEquals(run.packets(), s.rtpPackets, s.id());
            assertEquals(RetransmissionCache.DEFAULT_CAPACITY, pool.outstanding(), "only the cache holds buffers");
            router.close();
            router.streamStats().get(10, TimeUnit.SECONDS); // runs after the close command
            assertEquals(0, pool.outstanding(), "buffers outstanding after the room closed");

            System.out.printf("forwarding thread (SRTP %s): bytes allocated per window of %d packets after %d of"
                    + " warm-up: %s%n", srtp, MEASURED, WARM_UP, run.windowBytes());
            assertTrue(run.windowBytes().get(0) >= 0, "this JVM cannot count a thread's allocated bytes");
            long last = run.windowBytes().get(run.windowBytes().size() - 1);
            assertTrue(last < CLEAN_WINDOW_BYTES, "no window of " + MEASURED + " packets allocated under "
                    + CLEAN_WINDOW_BYTES + " bytes: " + run.windowBytes());
        } finally {
            worker.close();
        }
    }

    /** Packets forwarded, and the bytes allocated in each measured window (the last one is the first clean one). */
    private record Run(int packets, List<Long> windowBytes) {
    }

    /** On the media thread: the warm-up, then windows until one allocates less than a byte per packet. */
    private Run forwardAll(Router router) {
        com.sun.management.ThreadMXBean bean = threadBean();
        long threadId = Thread.currentThread().getId();
        byte[] datagram = new byte[PacketBuffer.MTU];
        int length = writePacket(datagram, true);
        int transportSeqAt = transportSeqOffset(datagram, length);
        List<Long> windows = new java.util.ArrayList<>();
        int seq = 0;
        for (int window = 0; window <= MAX_WINDOWS; window++) {
            long before = bean == null ? -1 : bean.getThreadAllocatedBytes(threadId);
            for (int end = seq + (window == 0 ? WARM_UP : MEASURED); seq < end; seq++) {
                if (seq == 1) length = writePacket(datagram, false);
                RtpHeader.setSequenceNumber(datagram, 0, seq);
                RtpHeader.setTimestamp(datagram, 0, seq * 3000L);
                datagram[transportSeqAt] = (byte) (seq >> 8);
                datagram[transportSeqAt + 1] = (byte) seq;
                // As the socket reader does: one copy into a pooled buffer.
                PacketBuffer packet = pool.acquire();
                System.arraycopy(datagram, 0, packet.data, PacketBuffer.HEADROOM, length);
                packet.length = length;
                packet.receivedAtNanos = (seq + 1) * PACKET_INTERVAL_NANOS;
                if (router.onRtp(publisher, packet) == PacketFate.RELEASE) pool.release(packet);
            }
            if (window == 0) continue;
            long bytes = before < 0 ? -1 : bean.getThreadAllocatedBytes(threadId) - before;
            windows.add(bytes);
            if (bytes < CLEAN_WINDOW_BYTES) break; // clean (or unknown: the caller fails on -1)
        }
        return new Run(seq, windows);
    }

    /** A VP8 packet as Chrome sends it: mid, abs-send-time and transport-wide sequence extensions, 1100 B payload. */
    private static int writePacket(byte[] buf, boolean keyframe) {
        RtpHeaderWriter writer = new RtpHeaderWriter();
        writer.begin(buf, 0, false, false, 96, 0, 0, 0x11223344L);
        byte[] mid = "1".getBytes(StandardCharsets.US_ASCII);
        writer.addElement(4, mid, 0, mid.length);
        writer.addAbsSendTime(2, 0x123456);
        writer.addTransportSeq(3, 0);
        int headerLength = writer.finish();
        Arrays.fill(buf, headerLength, headerLength + PAYLOAD_LENGTH, (byte) 0x5A);
        buf[headerLength] = (byte) (keyframe ? 0x10 : 0x00); // VP8 descriptor: S bit on the key frame's first packet
        buf[headerLength + 1] = (byte) (keyframe ? 0x00 : 0x01); // VP8 P bit: 0 = key frame
        return headerLength + PAYLOAD_LENGTH;
    }

    private static SrtpKeys keys(int seed) {
        byte[] material = new byte[SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()];
        new java.util.Random(seed).nextBytes(material);
        return SrtpKeys.fromKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, material);
    }

    private static int transportSeqOffset(byte[] buf, int length) {
        RtpHeader header = new RtpHeader();
        header.parse(buf, 0, length);
        return header.findExtension(3);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean b) || !b.isThreadAllocatedMemorySupported()) return null;
        b.setThreadAllocatedMemoryEnabled(true);
        return b;
    }

    private static final class NoEvents implements RouterListener {
        @Override
        public void onTransportConnected(String transportId) {
        }

        @Override
        public void onTransportFailed(String transportId, String reason) {
        }
    }
}

package io.patchbay.bench;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.MediaStats;
import io.patchbay.media.cc.TwccRecorder;
import io.patchbay.media.forward.CodecMapping;
import io.patchbay.media.forward.ConsumerSpec;
import io.patchbay.media.forward.ExtensionIds;
import io.patchbay.media.forward.ProducerSpec;
import io.patchbay.media.forward.Router;
import io.patchbay.media.forward.RouterListener;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.PacketFate;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.srtp.SrtpKeys;
import io.patchbay.media.srtp.SrtpProfile;
import io.patchbay.media.worker.MediaClock;
import io.patchbay.media.worker.MediaWorker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decrypted publisher video packet through the server's {@link Router}: producer (receive statistics, keyframe
 * detection, NACK generator, retransmission cache) and, per subscriber, consumer (munging, send history, header
 * rewrite, payload copy, SRTP protect with AEAD_AES_128_GCM, transport-wide sequence and bandwidth estimator), with
 * the UDP send replaced by {@link DiscardingTransport}. Each operation also copies the datagram into a pooled buffer,
 * as the socket reader does; SRTP unprotect of the publisher's packet is in {@link SrtpBenchmark}.
 *
 * <p>The router is set up through its worker's commands; then the worker is stopped, and the benchmark thread takes
 * its place as the only thread that touches the router.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ForwardingBenchmark {
    private static final long PACKET_INTERVAL_NANOS = 4_000_000L; // ~250 packets/s, a 2.5 Mbps video track
    private static final ExtensionIds EXTENSIONS = new ExtensionIds(0, VideoPackets.ABS_SEND_TIME_ID,
            VideoPackets.TRANSPORT_CC_ID, VideoPackets.MID_ID);

    @Param({"1", "10", "100"})
    public int subscribers;

    private final PacketBufferPool pool = new PacketBufferPool(4096);
    private final byte[] datagram = new byte[PacketBuffer.MTU];
    private MediaWorker worker;
    private Router router;
    private DiscardingTransport publisher;
    private DiscardingTransport[] subscriberTransports;
    private int datagramLength;
    private int transportSeqAt;
    private int seq;
    private long nowNanos;

    @Setup
    public void setUp() throws Exception {
        worker = new MediaWorker("bench-media", pool, MediaClock.SYSTEM, reason -> { });
        // No TransportFactory: this router's transports are added, never created with ICE.
        router = new Router("bench", worker, null, new MediaStats(), new NoEvents());
        SrtpKeys keys = VideoPackets.keys(SrtpProfile.AEAD_AES_128_GCM);
        publisher = new DiscardingTransport("publisher", keys);
        router.addTransport(publisher);
        router.createProducer(publisher, new ProducerSpec("video", TrackKind.VIDEO, VideoPackets.MID,
                List.of(new CodecMapping(VideoPackets.PAYLOAD_TYPE, 96, "VP8", VideoPackets.CLOCK_RATE_HZ)),
                Map.of(VideoPackets.PAYLOAD_TYPE, VideoPackets.RTX_PAYLOAD_TYPE), VideoPackets.SSRC, 0, EXTENSIONS,
                true, true, 0));
        subscriberTransports = new DiscardingTransport[subscribers];
        for (int i = 0; i < subscribers; i++) {
            subscriberTransports[i] = new DiscardingTransport("subscriber-" + i, keys);
            router.addTransport(subscriberTransports[i]);
            router.createConsumer(subscriberTransports[i], new ConsumerSpec("video", 0x1000 + i, "v0", "bench",
                    EXTENSIONS, 0x2000 + i, 97, false));
        }
        router.streamStats().get(10, TimeUnit.SECONDS); // the commands above have run
        worker.close();

        datagramLength = VideoPackets.write(datagram, 0, 0, 0, true);
        RtpHeader header = new RtpHeader();
        header.parse(datagram, 0, datagramLength);
        transportSeqAt = header.findExtension(VideoPackets.TRANSPORT_CC_ID);
        forwardOne(); // the keyframe every video consumer waits for
        datagramLength = VideoPackets.write(datagram, 0, 0, 0, false);
        if (subscriberTransports[subscribers - 1].packetsSent != 1) throw new IllegalStateException("not forwarding");
        // No timers run here, so no TWCC feedback is sent and the publisher's recorder grows its window (once) up to
        // its maximum; let that happen before the measurement.
        for (int i = 0; i < TwccRecorder.MAX_WINDOW; i++) forwardOne();
    }

    @TearDown
    public void tearDown() {
        long expected = subscriberTransports[0].packetsSent;
        for (DiscardingTransport t : subscriberTransports) {
            if (t.packetsSent != expected) throw new IllegalStateException("a subscriber missed packets");
        }
    }

    @Benchmark
    public long forwardOne() {
        seq = (seq + 1) & 0xFFFF;
        nowNanos += PACKET_INTERVAL_NANOS;
        RtpHeader.setSequenceNumber(datagram, 0, seq);
        RtpHeader.setTimestamp(datagram, 0, seq * 3000L);
        datagram[transportSeqAt] = (byte) (seq >> 8);
        datagram[transportSeqAt + 1] = (byte) seq;
        PacketBuffer packet = pool.acquire();
        System.arraycopy(datagram, 0, packet.data, PacketBuffer.HEADROOM, datagramLength);
        packet.length = datagramLength;
        packet.receivedAtNanos = nowNanos;
        if (router.onRtp(publisher, packet) == PacketFate.RELEASE) pool.release(packet);
        return subscriberTransports[0].bytesSent;
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

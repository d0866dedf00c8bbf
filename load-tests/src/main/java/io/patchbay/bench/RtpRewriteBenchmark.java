package io.patchbay.bench;

import io.patchbay.media.packet.AbsSendTime;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.RtpParseResult;
import io.patchbay.media.packet.SequenceNumberUnwrapper;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet RTP work of forwarding without crypto, as {@code Router.onRtp} and {@code Consumer.send} do it:
 * parse the publisher's header (a view, no copy), unwrap its sequence number, then write one subscriber's header
 * (new SSRC, payload type, sequence number and timestamp; mid, abs-send-time and transport-wide sequence extensions)
 * into a send buffer and copy the payload behind it. {@code RtpMunger}'s translation is package-private and is
 * measured inside {@link ForwardingBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RtpRewriteBenchmark {
    private static final byte[] SUBSCRIBER_MID = {'v', '0'};

    private final RtpHeader header = new RtpHeader();
    private final RtpHeaderWriter writer = new RtpHeaderWriter();
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private final byte[] out = new byte[PacketBuffer.CAPACITY];
    private PacketBuffer in;
    private int seq;

    @Setup
    public void setUp() {
        in = VideoPackets.standalone(0, false);
    }

    @Benchmark
    public int parseAndRewrite() {
        seq = (seq + 1) & 0xFFFF;
        RtpHeader.setSequenceNumber(in.data, in.offset, seq);
        if (header.parse(in.data, in.offset, in.length) != RtpParseResult.OK) throw new IllegalStateException();
        long extSeq = unwrapper.unwrap(header.sequenceNumber());
        int mid = header.findExtension(VideoPackets.MID_ID);
        if (mid < 0) throw new IllegalStateException("no mid");
        int dst = PacketBuffer.HEADROOM;
        writer.begin(out, dst, header.hasPadding(), header.marker(), 100, (int) (extSeq + 7) & 0xFFFF,
                header.timestamp() + 1234, 0x55667788L);
        writer.addElement(4, SUBSCRIBER_MID, 0, SUBSCRIBER_MID.length);
        writer.addAbsSendTime(2, AbsSendTime.fromNanos(extSeq * 1_000_000L));
        writer.addTransportSeq(3, seq);
        int headerLength = writer.finish();
        int body = header.payloadLength() + header.paddingLength();
        System.arraycopy(header.buffer(), header.payloadOffset(), out, dst + headerLength, body);
        return headerLength + body;
    }
}

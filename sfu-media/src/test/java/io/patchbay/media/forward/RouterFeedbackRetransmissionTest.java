package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.core.room.TrackKind;
import io.patchbay.media.MediaStats;
import io.patchbay.media.packet.PacketBuffer;
import io.patchbay.media.packet.PacketBufferPool;
import io.patchbay.media.packet.RtpHeader;
import io.patchbay.media.packet.RtpHeaderWriter;
import io.patchbay.media.packet.RtpParseResult;
import io.patchbay.media.packet.rtcp.Nack;
import io.patchbay.media.packet.rtcp.Twcc;
import io.patchbay.media.worker.MediaWorker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retransmissions that a subscriber's transport-wide feedback asks for ({@link FeedbackRetransmissions}), through a
 * real router on its media thread with a clock the test moves: a video packet the feedback reports lost is resent
 * when its NACK has not come within the grace (the NACK was lost), not when the NACK came; a retransmission the
 * feedback reports lost is resent at once, or once an RTT has passed since it went; sequence numbers the feedback
 * names that carried no video are ignored.
 */
class RouterFeedbackRetransmissionTest {
    private static final long MS = 1_000_000L;
    private static final long PUBLISHER_SSRC = 0x11223344L;
    private static final long CONSUMER_SSRC = 0x5000L;
    private static final long CONSUMER_RTX_SSRC = 0x6000L;
    private static final int TRANSPORT_CC_ID = 3;
    private static final ExtensionIds EXTENSIONS = new ExtensionIds(0, 2, TRANSPORT_CC_ID, 4);

    private final ManualClock clock = new ManualClock();
    private final PacketBufferPool pool = new PacketBufferPool(256);
    private final MediaWorker worker = new MediaWorker("feedback-test", pool, clock, reason -> { });
    private final CountingTransport publisher = new CountingTransport("publisher");
    private final CountingTransport subscriber = new CountingTransport("subscriber");
    private final MediaStats stats = new MediaStats();
    private final Router router = new Router("room", worker, null, stats, new RouterTicks.Silent());
    /** What the subscriber was sent: transport seq, SSRC, sequence number (the OSN for RTX). */
    private final List<long[]> sent = new ArrayList<>();

    @AfterEach
    void stop() {
        router.close();
        worker.close();
    }

    @Test
    void aLostPacketWhoseNackDidNotComeIsResentAfterTheGraceAndOneWhoseNackCameIsNot() throws Exception {
        setUpCall();
        long[] third = sent.get(2);
        long[] fourth = sent.get(3);
        at(100, () -> feedback(sent.get(0)[0], 6, (int) third[0], (int) fourth[0]));
        assertEquals(List.of(), retransmissions(), "within the grace the subscriber's NACKs may still come");
        at(105, () -> nack((int) fourth[2]));
        assertEquals(List.of(fourth[2]), retransmissions(), "the NACK for the fourth is answered at once");
        at(140, () -> { });
        assertEquals(List.of(fourth[2], third[2]), retransmissions(),
                "after the grace the third, whose NACK never came, is resent, and the fourth not again");
        assertEquals(1, stats.retransmissionsAfterFeedback());
        at(200, () -> { });
        assertEquals(2, retransmissions().size(), "once");
    }

    @Test
    void aLostRetransmissionIsResentAtOnce() throws Exception {
        setUpCall();
        long[] second = sent.get(1);
        at(100, () -> nack((int) second[2]));
        assertEquals(List.of(second[2]), retransmissions());
        long[] rtx = sent.get(sent.size() - 1);
        at(200, () -> feedback(rtx[0], 1, (int) rtx[0]));
        assertEquals(List.of(second[2], second[2]), retransmissions(), "the lost retransmission goes again at once");
        assertEquals(1, stats.retransmissionsAfterFeedback());
    }

    @Test
    void aLostRetransmissionReportedWithinAnRttGoesAgainOnceAnRttHasPassed() throws Exception {
        setUpCall();
        long[] second = sent.get(1);
        at(100, () -> nack((int) second[2]));
        long[] rtx = sent.get(sent.size() - 1);
        // No RTT measured: 100 ms is assumed, and the report comes 50 ms after the retransmission.
        at(150, () -> feedback(rtx[0], 1, (int) rtx[0]));
        assertEquals(List.of(second[2]), retransmissions(), "not within an RTT of the last retransmission");
        at(220, () -> { });
        assertEquals(1, retransmissions().size(), "still within it");
        at(260, () -> { });
        assertEquals(List.of(second[2], second[2]), retransmissions(), "then it goes");
        at(400, () -> { });
        assertEquals(2, retransmissions().size(), "once");
    }

    @Test
    void feedbackAboutSequenceNumbersThatCarriedNoVideoChangesNothing() throws Exception {
        setUpCall();
        long first = sent.get(0)[0];
        // Sequence numbers before and after the ones the subscriber was sent, and a repeated report.
        at(100, () -> feedback((first - 20) & 0xFFFF, 40, (int) ((first - 20) & 0xFFFF), (int) ((first + 10) & 0xFFFF)));
        at(100, () -> feedback(first, 1, (int) first));
        at(100, () -> feedback(first, 1, (int) first));
        at(200, () -> { });
        assertEquals(List.of((long) sent.get(0)[2]), retransmissions(), "only the first packet, once");
    }

    private void setUpCall() throws Exception {
        subscriber.recorded = new ArrayList<>();
        router.addTransport(publisher);
        router.addTransport(subscriber);
        router.createProducer(publisher, new ProducerSpec("video", TrackKind.VIDEO, "1",
                List.of(new CodecMapping(96, 96, "VP8", 90_000)), Map.of(96, 97), PUBLISHER_SSRC, 0x7777L, EXTENSIONS,
                true, true, 0));
        router.createConsumer(subscriber, new ConsumerSpec("video", CONSUMER_SSRC, "v0", "cname", EXTENSIONS,
                CONSUMER_RTX_SSRC, 97, false));
        for (int seq = 1; seq <= 5; seq++) {
            int s = seq;
            at(seq * 10, () -> router.onRtp(publisher, vp8(s, s == 1)));
        }
        readSent();
        assertEquals(5, sent.size(), "the five packets reached the subscriber");
    }

    /** On the media thread at {@code ms} on the router's clock: runs {@code action}, then a tick; reads what was sent. */
    private void at(long ms, Runnable action) throws Exception {
        RouterTicks.at(worker, clock, router, ms, action);
        readSent();
    }

    /** Parses what the subscriber got since the last call into {@link #sent}. */
    private void readSent() {
        RtpHeader h = new RtpHeader();
        for (byte[] p : subscriber.recorded) {
            if (h.parse(p, 0, p.length) != RtpParseResult.OK) continue;
            int at = h.findExtension(TRANSPORT_CC_ID);
            long transportSeq = ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
            int seq = h.ssrc() == CONSUMER_RTX_SSRC
                    ? ((p[h.payloadOffset()] & 0xFF) << 8) | (p[h.payloadOffset() + 1] & 0xFF) : h.sequenceNumber();
            sent.add(new long[] {transportSeq, h.ssrc(), seq});
        }
        subscriber.recorded.clear();
    }

    /** The sequence numbers (OSNs) resent on the RTX stream so far. */
    private List<Long> retransmissions() {
        return sent.stream().filter(s -> s[1] == CONSUMER_RTX_SSRC).map(s -> s[2]).toList();
    }

    /** Transport-wide feedback from {@code base} for {@code count} sequence numbers, all received but {@code lost}. */
    private void feedback(long base, int count, int... lost) {
        int[] deltas = new int[count];
        Arrays.fill(deltas, 4);
        for (int l : lost) {
            int i = (l - (int) base) & 0xFFFF;
            if (i < count) deltas[i] = Twcc.NOT_RECEIVED;
        }
        PacketBuffer packet = pool.acquire();
        packet.length = Twcc.write(packet.data, packet.offset, 1200, 0x9999L, CONSUMER_SSRC, (int) base, 1, 0, deltas,
                0, count);
        packet.receivedAtNanos = clock.nowNanos;
        router.onRtcp(subscriber, packet);
        pool.release(packet);
    }

    private void nack(int seq) {
        PacketBuffer packet = pool.acquire();
        packet.length = Nack.write(packet.data, packet.offset, 0x9999L, CONSUMER_SSRC, new int[] {seq}, 1);
        packet.receivedAtNanos = clock.nowNanos;
        router.onRtcp(subscriber, packet);
        pool.release(packet);
    }

    /** A VP8 packet from the publisher, the start of a keyframe or a delta frame. */
    private PacketBuffer vp8(int seq, boolean keyframe) {
        PacketBuffer packet = pool.acquire();
        RtpHeaderWriter writer = new RtpHeaderWriter();
        writer.begin(packet.data, packet.offset, false, true, 96, seq, seq * 3000L, PUBLISHER_SSRC);
        int header = writer.finish();
        packet.data[packet.offset + header] = 0x10; // VP8 descriptor: S bit
        packet.data[packet.offset + header + 1] = (byte) (keyframe ? 0x00 : 0x01); // P bit
        packet.length = header + 100;
        return packet;
    }
}

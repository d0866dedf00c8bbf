package io.patchbay.media.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.patchbay.media.packet.rtcp.RtcpParseResult;
import io.patchbay.media.packet.rtcp.Twcc;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TwccRecorderTest {
    private static final long MS = 1_000_000L;
    /** An arbitrary clock origin, not a multiple of 64 ms. */
    private static final long T0 = 10_000 * MS + 1_300_000;
    private static final long SENDER_SSRC = 0x1234;
    private static final long MEDIA_SSRC = 0x5678;
    /** The reference time wraps after 2^24 x 64 ms. */
    private static final long WRAP_US = (1L << 24) * Twcc.REFERENCE_TICK_US;

    private final TwccRecorder recorder = new TwccRecorder();
    private final Twcc parsed = new Twcc();
    private final byte[] buf = new byte[1500];

    /** One status of a written feedback: sequence number, and the decoded arrival in us (-1 when not received). */
    private record Status(int seq, long timeUs) {
        static Status lost(int seq) {
            return new Status(seq, -1);
        }
    }

    @Test
    void inOrderPacketsDecodeToTheirArrivalTimes() {
        for (int i = 0; i < 20; i++) {
            recorder.onPacket(100 + i, T0 + i * 5 * MS);
        }
        assertFalse(recorder.feedbackDue(T0 + 99 * MS), "interval counts from the first packet");
        assertTrue(recorder.feedbackDue(T0 + 100 * MS));

        List<Status> statuses = writeAndDecode(T0 + 100 * MS);
        assertEquals(20, statuses.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(new Status(100 + i, quantizedUs(T0 + i * 5 * MS)), statuses.get(i));
        }
        assertEquals(100, parsed.baseSequenceNumber());
        assertEquals(Math.floorDiv(T0, 64 * MS), parsed.referenceTime(), "floored first arrival");
        assertEquals(0, parsed.feedbackPacketCount());
        assertFalse(recorder.hasPending());
        assertFalse(recorder.feedbackDue(T0 + 500 * MS), "nothing pending");
        assertEquals(0, recorder.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, T0 + 500 * MS));
    }

    @Test
    void arrivalsOffTheTickGridRoundToTheNearest250Us() {
        long[] arrivals = new long[50];
        long t = T0;
        for (int i = 0; i < arrivals.length; i++) {
            t += 3 * MS + (i * 7_919L) % 400_000; // 3.0 .. 3.4 ms, not multiples of 250 us
            arrivals[i] = t;
            recorder.onPacket(i, t);
        }
        List<Status> statuses = writeAndDecode(t);
        for (int i = 0; i < arrivals.length; i++) {
            long errorNs = statuses.get(i).timeUs() * 1000 - arrivals[i];
            assertTrue(Math.abs(errorNs) <= 125_000, "packet " + i + " off by " + errorNs + " ns");
            assertEquals(quantizedUs(arrivals[i]), statuses.get(i).timeUs(), "no error build-up");
        }
    }

    @Test
    void lossGapsAreReportedAsNotReceived() {
        int[] arrived = {0, 1, 2, 5, 6, 8, 40};
        for (int seq : arrived) {
            recorder.onPacket(seq, T0 + seq * MS);
        }
        List<Status> statuses = writeAndDecode(T0 + 100 * MS);
        assertEquals(41, statuses.size(), "0..40, nothing after the last received");
        for (int seq = 0; seq <= 40; seq++) {
            boolean received = seq <= 2 || seq == 5 || seq == 6 || seq == 8 || seq == 40;
            assertEquals(received ? new Status(seq, quantizedUs(T0 + seq * MS)) : Status.lost(seq),
                    statuses.get(seq));
        }
    }

    @Test
    void reorderedPacketsKeepTheirOwnArrivalTimes() {
        // 2 overtaken by 3 and 4: it decodes with a negative delta after 4... in sequence order 3 follows 2
        long[] arrival = {T0, T0 + MS, T0 + 9 * MS, T0 + 3 * MS, T0 + 4 * MS};
        int[] order = {0, 1, 3, 4, 2};
        for (int seq : order) {
            recorder.onPacket(seq, arrival[seq]);
        }
        List<Status> statuses = writeAndDecode(T0 + 100 * MS);
        for (int seq = 0; seq < 5; seq++) {
            assertEquals(new Status(seq, quantizedUs(arrival[seq])), statuses.get(seq));
        }
        parsed.rewind();
        int largeSymbols = 0;
        while (parsed.next()) {
            largeSymbols += parsed.symbol() == Twcc.SYMBOL_LARGE_DELTA ? 1 : 0;
        }
        assertEquals(1, largeSymbols, "3 arrived 6 ms before 2: a negative delta");
    }

    @Test
    void aLatePacketAlreadyReportedLostIsReportedAgainAsReceived() {
        for (int seq : new int[] {0, 1, 3, 4}) {
            recorder.onPacket(seq, T0 + seq * MS);
        }
        List<Status> first = writeAndDecode(T0 + 100 * MS);
        assertEquals(Status.lost(2), first.get(2));

        recorder.onPacket(2, T0 + 102 * MS); // late
        recorder.onPacket(5, T0 + 103 * MS);
        recorder.onPacket(5, T0 + 104 * MS); // duplicate: the first arrival counts
        recorder.onPacket(1, T0 + 105 * MS); // duplicate of a reported packet
        assertEquals(2, recorder.duplicates());
        List<Status> second = writeAndDecode(T0 + 200 * MS);
        assertEquals(List.of(new Status(2, quantizedUs(T0 + 102 * MS)), new Status(3, quantizedUs(T0 + 3 * MS)),
                new Status(4, quantizedUs(T0 + 4 * MS)), new Status(5, quantizedUs(T0 + 103 * MS))), second);
        assertEquals(1, parsed.feedbackPacketCount());
    }

    @Test
    void aPacketBeforeTheFirstOneIsStillReported() {
        recorder.onPacket(10, T0);
        recorder.onPacket(8, T0 + MS);
        List<Status> statuses = writeAndDecode(T0 + 100 * MS);
        assertEquals(List.of(new Status(8, quantizedUs(T0 + MS)), Status.lost(9), new Status(10, quantizedUs(T0))),
                statuses);
    }

    @Test
    void sequenceNumbersWrapAround() {
        for (int i = 0; i < 12; i++) {
            recorder.onPacket((65530 + i) & 0xFFFF, T0 + i * 2 * MS);
        }
        List<Status> statuses = writeAndDecode(T0 + 100 * MS);
        assertEquals(65530, parsed.baseSequenceNumber());
        assertEquals(12, statuses.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(new Status((65530 + i) & 0xFFFF, quantizedUs(T0 + i * 2 * MS)), statuses.get(i));
        }
        // and on across the wrap, feedback after feedback
        int reported = 12;
        for (int i = 12; i < 70_000; i++) {
            recorder.onPacket((65530 + i) & 0xFFFF, T0 + i * 2 * MS);
            if (i % 50 == 49) {
                List<Status> next = writeAndDecode(T0 + i * 2 * MS);
                assertEquals((65530 + reported) & 0xFFFF, next.get(0).seq());
                assertEquals(new Status((65530 + i) & 0xFFFF, quantizedUs(T0 + i * 2 * MS)), next.get(next.size() - 1));
                assertEquals(i + 1 - reported, next.size());
                reported = i + 1;
            }
        }
    }

    @Test
    void aBurstSplitsIntoFeedbacksWithoutGapsOrDuplicates() {
        int burst = 3000;
        for (int i = 0; i < burst; i++) {
            if (i % 10 != 7) {
                recorder.onPacket(1000 + i, T0 + i * 200_000L); // 0.2 ms apart
            }
            if (i == 999) {
                assertTrue(recorder.feedbackDue(T0 + i * 200_000L), "due early: the pending packets fill a packet");
            }
        }
        List<Status> all = new ArrayList<>();
        int packets = 0;
        int length;
        while ((length = recorder.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, T0 + 700 * MS)) > 0) {
            assertTrue(length <= TwccRecorder.DEFAULT_MAX_PACKET_LENGTH, "length " + length);
            all.addAll(decode(length));
            packets++;
        }
        assertTrue(packets >= 3, "2700 received packets at a byte each need 3 packets: " + packets);
        assertEquals(burst, all.size());
        for (int i = 0; i < burst; i++) {
            Status expected = i % 10 == 7 ? Status.lost(1000 + i) : new Status(1000 + i, quantizedUs(T0 + i * 200_000L));
            assertEquals(expected, all.get(i));
        }
    }

    @Test
    void aSmallBufferSplitsTheFeedbackToo() {
        for (int i = 0; i < 100; i++) {
            recorder.onPacket(i, T0 + i * MS);
        }
        byte[] small = new byte[64];
        List<Status> all = new ArrayList<>();
        int length;
        while ((length = recorder.writeFeedback(small, 0, SENDER_SSRC, MEDIA_SSRC, T0)) > 0) {
            assertEquals(RtcpParseResult.OK, parsed.parse(small, 0, length));
            while (parsed.next()) {
                all.add(new Status(parsed.sequenceNumber(), parsed.referenceTimeUs() + parsed.receiveOffsetUs()));
            }
        }
        assertEquals(100, all.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(new Status(i, quantizedUs(T0 + i * MS)), all.get(i));
        }
        recorder.onPacket(100, T0);
        assertEquals(-1, recorder.writeFeedback(new byte[23], 0, SENDER_SSRC, MEDIA_SSRC, T0));
        assertEquals(-1, recorder.writeFeedback(buf, buf.length - 20, SENDER_SSRC, MEDIA_SSRC, T0));
        assertTrue(recorder.hasPending(), "a refused write reports nothing");
    }

    @Test
    void aDeltaBeyond16BitsStartsANewFeedback() {
        recorder.onPacket(1, T0);
        recorder.onPacket(2, T0 + 9_000 * MS); // 9 s later: more than 32767 x 250 us
        List<Status> first = writeAndDecode(T0 + 9_000 * MS);
        assertEquals(List.of(new Status(1, quantizedUs(T0))), first);
        List<Status> second = writeAndDecode(T0 + 9_000 * MS);
        assertEquals(List.of(new Status(2, quantizedUs(T0 + 9_000 * MS))), second);
    }

    @Test
    void feedbackPacketCountWrapsAt256() {
        for (int i = 0; i < 300; i++) {
            recorder.onPacket(i, T0 + i * MS);
            assertEquals(i & 0xFF, recorder.feedbackCount());
            writeAndDecode(T0 + i * MS);
            assertEquals(i & 0xFF, parsed.feedbackPacketCount());
        }
        assertEquals(300 & 0xFF, recorder.feedbackCount());
    }

    @Test
    void feedbackIsDueEveryIntervalWhilePacketsArrive() {
        TwccRecorder fast = new TwccRecorder(50 * MS, 1200);
        assertFalse(fast.feedbackDue(T0), "nothing received yet");
        fast.onPacket(0, T0);
        assertFalse(fast.feedbackDue(T0 + 49 * MS));
        assertTrue(fast.feedbackDue(T0 + 50 * MS));
        assertTrue(fast.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, T0 + 52 * MS) > 0);
        assertFalse(fast.feedbackDue(T0 + 200 * MS), "nothing pending");
        fast.onPacket(1, T0 + 60 * MS);
        assertFalse(fast.feedbackDue(T0 + 101 * MS), "50 ms after the last feedback, not after the packet");
        assertTrue(fast.feedbackDue(T0 + 102 * MS));
    }

    @Test
    void aHugeJumpRestartsCleanly() {
        for (int i = 0; i < 10; i++) {
            recorder.onPacket(100 + i, T0 + i * MS);
        }
        recorder.onPacket(100 + 20_000, T0 + 20 * MS); // forward, beyond the restart distance
        assertEquals(1, recorder.restarts());
        recorder.onPacket(100 + 20_001, T0 + 21 * MS);
        assertEquals(List.of(new Status(20_100, quantizedUs(T0 + 20 * MS)),
                new Status(20_101, quantizedUs(T0 + 21 * MS))), writeAndDecode(T0 + 100 * MS));

        recorder.onPacket((20_102 + 40_000) & 0xFFFF, T0 + 30 * MS); // 40000 ahead looks 25536 behind: restarts too
        assertEquals(2, recorder.restarts());
        assertEquals(List.of(new Status((20_102 + 40_000) & 0xFFFF, quantizedUs(T0 + 30 * MS))),
                writeAndDecode(T0 + 200 * MS));
    }

    @Test
    void aLongGapWithinTheWindowIsOneCheapRunOfLosses() {
        recorder.onPacket(0, T0);
        recorder.onPacket(10_000, T0 + MS);
        assertEquals(0, recorder.restarts());
        int length = recorder.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, T0 + 100 * MS);
        assertTrue(length <= 32, "run-length chunks: " + length);
        List<Status> statuses = decode(length);
        assertEquals(10_001, statuses.size());
        assertEquals(new Status(10_000, quantizedUs(T0 + MS)), statuses.get(10_000));
    }

    @Test
    void packetsBeyondTheWindowEvictTheOldestUnreported() {
        int total = TwccRecorder.MAX_WINDOW + 5_000;
        for (int i = 0; i < total; i++) {
            recorder.onPacket(i & 0xFFFF, T0 + i * 100_000L); // no feedback written meanwhile
        }
        assertEquals(5_000, recorder.evicted());
        assertEquals(5_000, recorder.nextSequenceNumber());
        List<Status> all = new ArrayList<>();
        int length;
        while ((length = recorder.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, T0)) > 0) {
            all.addAll(decode(length));
        }
        assertEquals(TwccRecorder.MAX_WINDOW, all.size());
        for (int i = 0; i < all.size(); i++) {
            int seq = 5_000 + i;
            assertEquals(new Status(seq & 0xFFFF, quantizedUs(T0 + seq * 100_000L)), all.get(i));
        }
    }

    @Test
    void aLatePacketTooFarBackIsDropped() {
        for (int i = 0; i <= 2_000; i++) {
            if (i != 900) {
                recorder.onPacket(i, T0 + i * MS);
            }
            if (i % 100 == 0) {
                recorder.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, T0 + i * MS);
            }
        }
        recorder.onPacket(5, T0 + 2_001 * MS); // 2000 back: its slot was reused by the 1024-entry ring
        recorder.onPacket(900, T0 + 2_002 * MS); // lost, in the ring, but more than MAX_REWIND back
        assertEquals(2, recorder.lateDropped());
        assertEquals(0, recorder.restarts());
        assertFalse(recorder.hasPending());

        recorder.onPacket(2_001 - 1_000, T0 + 2_003 * MS); // a duplicate within MAX_REWIND
        assertEquals(1, recorder.duplicates());
        assertFalse(recorder.hasPending());
    }

    @Test
    void aSenderWhoseCounterWentBackIsFollowedAfterAStreakOfLatePackets() {
        for (int i = 0; i < 3_000; i++) {
            recorder.onPacket(i, T0 + i * MS);
            if (i % 100 == 99) {
                writeAndDecode(T0 + i * MS);
            }
        }
        for (int i = 0; i < TwccRecorder.RESTART_LATE_STREAK + 10; i++) {
            recorder.onPacket(500 + i, T0 + (3_000 + i) * MS);
        }
        assertEquals(TwccRecorder.RESTART_LATE_STREAK, recorder.lateDropped());
        assertEquals(1, recorder.restarts());
        List<Status> statuses = writeAndDecode(T0 + 4_000 * MS);
        assertEquals(11, statuses.size());
        int first = 500 + TwccRecorder.RESTART_LATE_STREAK - 1;
        for (int i = 0; i < statuses.size(); i++) {
            assertEquals(new Status(first + i, quantizedUs(T0 + (3_000 + first - 500 + i) * MS)), statuses.get(i));
        }
    }

    @Test
    void negativeClockValuesAndTheReferenceTimeWrap() {
        long start = -5_000 * MS + 17_000; // System.nanoTime() may be negative
        for (int i = 0; i < 10; i++) {
            recorder.onPacket(i, start + i * 10 * MS);
        }
        List<Status> statuses = writeAndDecode(start + 100 * MS);
        assertEquals(Math.floorMod(Math.floorDiv(start, 64 * MS), 1 << 24), parsed.referenceTime());
        for (int i = 0; i < 10; i++) {
            assertEquals(new Status(i, quantizedUs(start + i * 10 * MS)), statuses.get(i));
        }
    }

    @Test
    void randomTrafficOnlyEverReportsRealArrivals() {
        SplittableRandom random = new SplittableRandom(0x7CC_2EC0L);
        Map<Integer, Set<Long>> arrivals = new HashMap<>(); // 16-bit seq -> quantized arrival times given
        Set<Integer> reportedReceived = new HashSet<>();
        int seq = random.nextInt(65536);
        long now = T0;
        for (int i = 0; i < 30_000; i++) {
            now += random.nextInt(3) == 0 ? 0 : random.nextLong(2 * MS);
            int roll = random.nextInt(1000);
            int s;
            if (roll < 850) {
                s = seq = (seq + 1) & 0xFFFF;
            } else if (roll < 900) {
                s = seq = (seq + random.nextInt(2, 50)) & 0xFFFF; // loss
            } else if (roll < 990) {
                s = (seq - random.nextInt(1, 40)) & 0xFFFF; // late or duplicate
            } else if (roll < 997) {
                now += random.nextLong(10_000 * MS); // a pause beyond the 16-bit delta range
                s = seq = (seq + 1) & 0xFFFF;
            } else {
                s = seq = random.nextInt(65536); // anywhere
            }
            recorder.onPacket(s, now);
            arrivals.computeIfAbsent(s, k -> new HashSet<>()).add(quantizedUs(now));
            if (recorder.feedbackDue(now)) {
                int length;
                while ((length = recorder.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, now)) > 0) {
                    assertTrue(length <= TwccRecorder.DEFAULT_MAX_PACKET_LENGTH);
                    for (Status status : decode(length)) {
                        if (status.timeUs() >= 0) {
                            assertTrue(arrivals.getOrDefault(status.seq(), Set.of()).contains(status.timeUs()),
                                    "reported " + status + " never arrived then");
                            reportedReceived.add(status.seq());
                        }
                    }
                }
                assertFalse(recorder.hasPending());
            }
        }
        // ~27000 forward packets over ~1.5 turns of the 16-bit space, ~60 restarts discarding their windows: 20176
        assertTrue(reportedReceived.size() > 15_000, "most arrivals reported: " + reportedReceived.size());
        assertTrue(recorder.restarts() > 0 && recorder.lateDropped() > 0 && recorder.duplicates() > 0);
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new TwccRecorder(0, 1200));
        assertThrows(IllegalArgumentException.class, () -> new TwccRecorder(100 * MS, 23));
    }

    @Test
    void steadyStateAllocatesNothing() {
        com.sun.management.ThreadMXBean bean = threadBean();
        assumeTrue(bean != null && bean.isThreadAllocatedMemorySupported(), "allocation counter not available");
        bean.setThreadAllocatedMemoryEnabled(true);
        long[] sink = new long[1];
        runSteadyState(0, 20_000, sink); // warm-up: JIT, and the ring grows to its working size
        long threadId = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(threadId);
        runSteadyState(20_000, 20_000, sink);
        long allocated = bean.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < 4096, allocated + " bytes allocated over 20000 packets");
        assertTrue(sink[0] != 0);
    }

    private void runSteadyState(int from, int packets, long[] sink) {
        for (int i = from; i < from + packets; i++) {
            long now = T0 + i * 500_000L; // 2000 packets per second
            if (i % 13 != 0) { // some loss
                recorder.onPacket(i & 0xFFFF, now);
            }
            if (i % 97 == 0) {
                recorder.onPacket((i - 3) & 0xFFFF, now); // duplicates and late packets
            }
            if (recorder.feedbackDue(now)) {
                int length;
                while ((length = recorder.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, now)) > 0) {
                    if (parsed.parse(buf, 0, length) != RtcpParseResult.OK) {
                        throw new AssertionError("unparseable feedback");
                    }
                    while (parsed.next()) {
                        sink[0] += parsed.receiveOffsetUs();
                    }
                }
            }
        }
    }

    private List<Status> writeAndDecode(long nowNanos) {
        int length = recorder.writeFeedback(buf, 0, SENDER_SSRC, MEDIA_SSRC, nowNanos);
        assertTrue(length > 0, "feedback written: " + length);
        return decode(length);
    }

    private List<Status> decode(int length) {
        assertEquals(RtcpParseResult.OK, parsed.parse(buf, 0, length));
        assertEquals(SENDER_SSRC, parsed.senderSsrc());
        assertEquals(MEDIA_SSRC, parsed.mediaSsrc());
        List<Status> statuses = new ArrayList<>();
        while (parsed.next()) {
            statuses.add(parsed.received()
                    ? new Status(parsed.sequenceNumber(), parsed.referenceTimeUs() + parsed.receiveOffsetUs())
                    : Status.lost(parsed.sequenceNumber()));
        }
        return statuses;
    }

    /** What the feedback can say about an arrival: rounded to 250 us, modulo the reference time's wrap. */
    private static long quantizedUs(long arrivalNanos) {
        return Math.floorMod(Math.floorDiv(arrivalNanos + 125_000, 250_000) * 250, WRAP_US);
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean instanceof com.sun.management.ThreadMXBean ? (com.sun.management.ThreadMXBean) bean : null;
    }
}

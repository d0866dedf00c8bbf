package io.patchbay.signaling.impair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.signaling.impair.ImpairmentProfile.Scope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions alone, on made-up arrival times: no sockets, no clock. */
class LinkShaperTest {
    private static final long MS = 1_000_000L;

    private static String outcomes(LinkShaper link, int packets) {
        StringBuilder sb = new StringBuilder(packets);
        for (int i = 0; i < packets; i++) {
            sb.append(link.decide(100, i * MS) instanceof LinkShaper.Drop ? 'x' : '.');
        }
        return sb.toString();
    }

    @Test
    void sameSeedGivesTheSameLossPatternAndAboutTheConfiguredRate() {
        ImpairmentProfile tenPercent = ImpairmentProfile.NONE.withLossPercent(10);
        String first = outcomes(new LinkShaper(tenPercent, 42), 100_000);
        assertEquals(first, outcomes(new LinkShaper(tenPercent, 42), 100_000));
        assertFalse(first.equals(outcomes(new LinkShaper(tenPercent, 43), 100_000)));
        long drops = first.chars().filter(c -> c == 'x').count();
        assertTrue(drops > 9_500 && drops < 10_500, "drops " + drops);
    }

    @Test
    void lossPatternDoesNotDependOnDelayOrJitter() {
        ImpairmentProfile loss = ImpairmentProfile.NONE.withLossPercent(30);
        assertEquals(outcomes(new LinkShaper(loss, 7), 10_000),
                outcomes(new LinkShaper(loss.withDelayMs(40).withJitterMs(20, true).withReorderPercent(5), 7), 10_000));
    }

    @Test
    void tokenBucketSpacesPacketsAtTheCapAndDropsTailBeyondTheQueue() {
        // 800 kbps = 100 bytes per ms; a 1000-byte bucket; a 25 ms queue.
        LinkShaper link = new LinkShaper(
                ImpairmentProfile.NONE.withRateKbps(800).withBurstBytes(1000).withQueueMs(25), 1);
        record Row(String name, long arrivalMs, int bytes, Long expectedSendMs) { }
        List<Row> rows = List.of(
                new Row("full bucket: at once", 0, 1000, 0L),
                new Row("empty bucket: waits 10 ms", 0, 1000, 10L),
                new Row("behind that one: 20 ms", 0, 1000, 20L),
                new Row("would wait 30 ms > 25 ms queue: dropped", 0, 1000, null),
                new Row("small one still fits the queue", 0, 500, 25L),
                new Row("after the backlog drained and the bucket refilled: at once", 100, 1000, 100L));
        for (Row r : rows) {
            LinkShaper.Decision d = link.decide(r.bytes, r.arrivalMs * MS);
            if (r.expectedSendMs == null) {
                assertEquals(new LinkShaper.Drop(DropReason.QUEUE), d, r.name);
            } else {
                LinkShaper.Send s = assertInstanceOf(LinkShaper.Send.class, d, r.name);
                assertEquals(r.expectedSendMs * MS, s.atNanos(), r.name);
            }
        }
    }

    @Test
    void jitterWithoutReorderingNeverSendsAPacketBeforeThePreviousOne() {
        LinkShaper link = new LinkShaper(ImpairmentProfile.NONE.withDelayMs(50).withJitterMs(40, false), 3);
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++) {
            long arrival = i * MS;
            long at = ((LinkShaper.Send) link.decide(100, arrival)).atNanos();
            assertTrue(at >= previous, "packet " + i + " overtook the one before");
            assertTrue(at >= arrival + 10 * MS, "packet " + i + " delayed less than delay - jitter");
            previous = at;
        }
    }

    @Test
    void jitterWithReorderingStaysWithinDelayPlusMinusJitterAndDoesReorder() {
        LinkShaper link = new LinkShaper(ImpairmentProfile.NONE.withDelayMs(50).withJitterMs(40, true), 3);
        List<Long> sendTimes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long arrival = i * MS;
            long at = ((LinkShaper.Send) link.decide(100, arrival)).atNanos();
            assertTrue(at >= arrival + 10 * MS && at <= arrival + 90 * MS, "packet " + i + " at " + (at - arrival));
            sendTimes.add(at);
        }
        long overtakes = 0;
        for (int i = 1; i < sendTimes.size(); i++) {
            overtakes += sendTimes.get(i) < sendTimes.get(i - 1) ? 1 : 0;
        }
        assertTrue(overtakes > 1000, "overtakes " + overtakes);
    }

    @Test
    void reorderedPacketsSkipTheDelay() {
        LinkShaper link = new LinkShaper(ImpairmentProfile.NONE.withDelayMs(50).withReorderPercent(25), 5);
        int reordered = 0;
        for (int i = 0; i < 10_000; i++) {
            LinkShaper.Send s = (LinkShaper.Send) link.decide(100, i * MS);
            assertEquals(i * MS + (s.reordered() ? 0 : 50 * MS), s.atNanos());
            reordered += s.reordered() ? 1 : 0;
        }
        assertTrue(reordered > 2_200 && reordered < 2_800, "reordered " + reordered);
    }

    @Test
    void scopeTellsMediaFromStunAndDtlsByFirstByte() {
        record Row(String name, int firstByte, boolean mediaOnly) { }
        List<Row> rows = List.of(
                new Row("STUN request 0x00", 0x00, false),
                new Row("STUN response 0x01", 0x01, false),
                new Row("DTLS handshake 22", 22, false),
                new Row("DTLS application data 23", 23, false),
                new Row("TURN channel 64", 64, false),
                new Row("RTP V=2 0x80", 0x80, true),
                new Row("RTCP / last of the range 191", 191, true),
                new Row("past the range 192", 192, false));
        for (Row r : rows) {
            assertEquals(r.mediaOnly, ImpairmentProfile.NONE.applies((byte) r.firstByte), r.name);
            assertTrue(ImpairmentProfile.NONE.withScope(Scope.ALL).applies((byte) r.firstByte), r.name + " (ALL)");
        }
    }
}

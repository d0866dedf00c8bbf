package io.patchbay.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.media.stream.SentPacketHistory.Decision;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SentPacketHistoryTest {
    private static final long MS = 1_000_000L;

    @Test
    void mapsOutgoingSequenceNumbersBackToTheSource() {
        SentPacketHistory history = new SentPacketHistory();
        history.record(100, 5_000_000_000L, 0xFFFF_FFF0L, 7 * MS);
        history.record(101, 5_000_000_002L, 12 * MS); // the source skipped one (e.g. a dropped packet)
        assertEquals(5_000_000_000L, history.sourceFor(100));
        assertEquals(0xFFFF_FFF0L, history.timestampFor(100));
        assertEquals(7 * MS, history.sentAtNanos(100));
        assertEquals(5_000_000_002L, history.sourceFor(101));
        assertEquals(-1, history.timestampFor(101), "recorded without a timestamp");
        assertEquals(-1, history.sourceFor(102), "not sent yet");
        assertEquals(-1, history.sourceFor(99), "never sent");
        assertEquals(-1, new SentPacketHistory().sourceFor(0), "empty history");
    }

    @Test
    void wrapsAroundTheSixteenBitSpace() {
        SentPacketHistory history = new SentPacketHistory(16, 5);
        for (int i = 0; i < 12; i++) {
            history.record((65530 + i) & 0xFFFF, 1000 + i, i * MS);
        }
        assertEquals(1000, history.sourceFor(65530));
        assertEquals(1005, history.sourceFor(65535));
        assertEquals(1006, history.sourceFor(0));
        assertEquals(1011, history.sourceFor(5));
        assertEquals(1011, history.sourceFor(5 + 65536), "masked to 16 bits");
    }

    @Test
    void forgetsWhatTheRingOverwrote() {
        SentPacketHistory history = new SentPacketHistory(16, 5);
        for (int seq = 0; seq < 40; seq++) {
            history.record(seq, 500 + seq, 0);
        }
        for (int seq = 0; seq < 24; seq++) {
            assertEquals(-1, history.sourceFor(seq), "seq " + seq);
        }
        for (int seq = 24; seq < 40; seq++) {
            assertEquals(500 + seq, history.sourceFor(seq), "seq " + seq);
        }
    }

    @Test
    void aJumpForwardNeverLetsAStaleEntryAnswer() {
        SentPacketHistory history = new SentPacketHistory(16, 5);
        history.record(5, 1, 0);
        history.record(7, 3, 0);                  // 6 skipped
        assertEquals(-1, history.sourceFor(6));
        history.record(30_000, 2, 0);
        history.record(60_000, 3, 0);
        assertEquals(-1, history.sourceFor(5), "behind the newest by more than the ring");
        history.record(4, 4, 0);                  // 65536 - 60000 + 4 ahead: the slots in between cleared
        assertEquals(-1, history.sourceFor(5), "5 was not sent again since");
        assertEquals(4, history.sourceFor(4));
        history.record(3, 33, 0);                 // a late record within the window is kept
        assertEquals(33, history.sourceFor(3));
        history.record(60_000, 99, 0);            // far behind: ignored
        assertEquals(-1, history.sourceFor(60_000));
    }

    static Stream<Arguments> guards() {
        // Each step: {time ms, rtt ms, expected}; max 5 retransmissions, all for outgoing sequence number 10.
        return Stream.of(
                Arguments.of("first retransmission at once, then one per RTT", new Object[][] {
                        {0, 100, Decision.RETRANSMIT},
                        {50, 100, Decision.TOO_SOON},
                        {99, 100, Decision.TOO_SOON},
                        {100, 100, Decision.RETRANSMIT},
                        {150, 100, Decision.TOO_SOON},
                        {200, 100, Decision.RETRANSMIT}}),
                Arguments.of("a refused request does not restart the RTT wait", new Object[][] {
                        {0, 40, Decision.RETRANSMIT},
                        {30, 40, Decision.TOO_SOON},
                        {40, 40, Decision.RETRANSMIT}}),
                Arguments.of("the RTT of each call counts", new Object[][] {
                        {0, 100, Decision.RETRANSMIT},
                        {20, 10, Decision.RETRANSMIT},
                        {40, 100, Decision.TOO_SOON}}),
                Arguments.of("unknown RTT (0) means 100 ms", new Object[][] {
                        {0, 0, Decision.RETRANSMIT},
                        {99, 0, Decision.TOO_SOON},
                        {100, 0, Decision.RETRANSMIT}}),
                Arguments.of("never more than five", new Object[][] {
                        {0, 10, Decision.RETRANSMIT},
                        {10, 10, Decision.RETRANSMIT},
                        {20, 10, Decision.RETRANSMIT},
                        {30, 10, Decision.RETRANSMIT},
                        {40, 10, Decision.RETRANSMIT},
                        {50, 10, Decision.LIMIT_REACHED},
                        {5000, 10, Decision.LIMIT_REACHED}}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guards")
    void retransmissionGuard(String name, Object[][] steps) {
        SentPacketHistory history = new SentPacketHistory();
        history.record(10, 777, 0);
        for (Object[] step : steps) {
            long now = ((Integer) step[0]) * MS;
            long rtt = ((Integer) step[1]) * MS;
            assertEquals(step[2], history.check(10, now, rtt), "at " + step[0] + " ms");
        }
    }

    @Test
    void guardRefusesUnknownPacketsAndResetsOnRecord() {
        SentPacketHistory history = new SentPacketHistory(16, 2);
        assertEquals(Decision.UNKNOWN, history.check(1, 0, 0));
        history.record(1, 100, 0);
        assertTrue(history.mayRetransmit(1, 0, 10 * MS));
        assertTrue(history.mayRetransmit(1, 10 * MS, 10 * MS));
        assertFalse(history.mayRetransmit(1, 20 * MS, 10 * MS));
        assertEquals(2, history.retransmissions(1));
        history.record(1, 200, 30 * MS); // the same outgoing number reused for a new packet: a fresh entry
        assertEquals(0, history.retransmissions(1));
        assertTrue(history.mayRetransmit(1, 30 * MS, 10 * MS));
        history.clear();
        assertEquals(Decision.UNKNOWN, history.check(1, 40 * MS, 0));
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new SentPacketHistory(1000, 5));
        assertThrows(IllegalArgumentException.class, () -> new SentPacketHistory(65536, 5));
        assertThrows(IllegalArgumentException.class, () -> new SentPacketHistory(16, 0));
    }
}

package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpMungerTest {
    private static final long MS = 1_000_000L;

    @Test
    void firstPacketMapsToTheChosenStartAndFollowersKeepTheirDeltas() {
        RtpMunger m = new RtpMunger(90_000, 1000, 5000);
        assertTrue(m.translate(40_000, 123_456, 0));
        assertEquals(1000, m.outSeq);
        assertEquals(5000, m.outTs);
        assertTrue(m.translate(40_001, 123_456 + 3000, 33 * MS));
        assertEquals(1001, m.outSeq);
        assertEquals(8000, m.outTs);
    }

    @Test
    void sequenceAndTimestampWrapAround() {
        RtpMunger m = new RtpMunger(48_000, 65_535, 0xFFFF_FF00L);
        assertTrue(m.translate(10, 0, 0));
        assertEquals(65_535, m.outSeq);
        assertTrue(m.translate(11, 960, 20 * MS));
        assertEquals(0, m.outSeq);
        assertEquals((0xFFFF_FF00L + 960) & 0xFFFF_FFFFL, m.outTs);
    }

    @Test
    void reorderedPacketKeepsItsPlace() {
        RtpMunger m = new RtpMunger(90_000, 100, 0);
        m.translate(500, 0, 0);
        m.translate(502, 6000, 2 * MS);
        assertTrue(m.translate(501, 3000, 3 * MS));
        assertEquals(101, m.outSeq);
        assertEquals(3000, m.outTs);
    }

    @Test
    void rebaseContinuesAfterTheLastPacketWithTheWallClockGap() {
        RtpMunger m = new RtpMunger(90_000, 100, 0);
        m.translate(500, 0, 0);
        m.translate(501, 3000, 33 * MS);
        m.rebase();
        // A new source with unrelated numbering, one second later.
        assertTrue(m.translate(7, 999_999, 1033 * MS));
        assertEquals(102, m.outSeq, "no gap in sequence numbers");
        assertEquals(3000 + 90_000, m.outTs, "timestamp advanced by the one second that passed");
    }

    @Test
    void packetsFromBeforeTheRebaseAreDropped() {
        RtpMunger m = new RtpMunger(90_000, 0, 0);
        m.translate(10_000, 0, 0);
        m.rebase();
        m.translate(20_000, 0, 10 * MS);
        assertFalse(m.translate(10_001, 0, 11 * MS));
    }

    @Test
    void aLatePacketFromBeforeTheRunsFirstIsDropped() {
        RtpMunger m = new RtpMunger(90_000, 100, 0);
        m.translate(500, 0, 0);
        m.translate(501, 3000, MS);
        m.rebase();
        // A switch to another layer on its keyframe (seq 7000); 6999 arrives late, reordered.
        assertTrue(m.translate(7000, 90_000, 40 * MS));
        assertEquals(102, m.outSeq);
        assertFalse(m.translate(6999, 87_000, 41 * MS), "would have been sent as 101, which the last run used");
        assertTrue(m.translate(7002, 96_000, 42 * MS));
        assertTrue(m.translate(7001, 93_000, 43 * MS), "reordering inside the run is kept");
        assertEquals(103, m.outSeq);
    }

    @Test
    void hundredThousandPacketsStayContinuous() {
        RtpMunger m = new RtpMunger(90_000, 12_345, 42);
        int expectedSeq = 12_345;
        long expectedTs = 42;
        for (int i = 0; i < 100_000; i++) {
            assertTrue(m.translate((60_000 + i) & 0xFFFF, (4_000_000_000L + 3000L * i) & 0xFFFF_FFFFL, i * 33 * MS));
            assertEquals(expectedSeq, m.outSeq);
            assertEquals(expectedTs, m.outTs);
            expectedSeq = (expectedSeq + 1) & 0xFFFF;
            expectedTs = (expectedTs + 3000) & 0xFFFF_FFFFL;
        }
    }
}

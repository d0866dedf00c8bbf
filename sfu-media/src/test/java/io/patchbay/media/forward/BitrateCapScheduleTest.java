package io.patchbay.media.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A publisher's REMB over report intervals: the cap while it applies, then its lift, then nothing. */
class BitrateCapScheduleTest {
    private static final long NONE = BitrateCapPolicy.NO_CAP;

    @Test
    void neverCappedSendsNothing() {
        BitrateCapSchedule s = new BitrateCapSchedule();
        for (int i = 0; i < 5; i++) assertEquals(BitrateCapSchedule.NOTHING, s.next(NONE));
    }

    @Test
    void anEndedCapIsLiftedThenLeftAlone() {
        BitrateCapSchedule s = new BitrateCapSchedule();
        assertEquals(420_000, s.next(420_000));
        assertEquals(460_000, s.next(460_000));
        for (int i = 0; i < BitrateCapSchedule.LIFT_REPEATS; i++) {
            assertEquals(BitrateCapSchedule.LIFTED_BPS, s.next(NONE), "lift " + (i + 1));
        }
        assertEquals(BitrateCapSchedule.NOTHING, s.next(NONE));
        assertEquals(300_000, s.next(300_000), "a new cap is sent as soon as it applies");
        assertEquals(BitrateCapSchedule.LIFTED_BPS, s.next(NONE), "and lifted again when it ends");
    }
}

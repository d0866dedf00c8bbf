package io.patchbay.media.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Window counts after a run of speech packets, one per 20 ms bin, and then a pause without packets. */
class SpeakerActivityTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "{0} ms of speech, then {1} ms of nothing: {2} / {3} / {4}")
    @CsvSource({
        // speechMs, pauseMs, immediate, medium, long
        "   100,      0,    5,    5,    5",
        "   300,      0,   15,   15,   15",
        "  2000,      0,   15,   50,  100",
        "  5000,      0,   15,   50,  150",
        "  5000,    200,    5,   40,  140",
        "  5000,   1000,    0,    0,  100",
        "  5000,   2980,    0,    0,    1",
        "  5000,   3000,    0,    0,    0",
        "  5000, 600000,    0,    0,    0",
    })
    void windowsCountSpeechBins(int speechMs, int pauseMs, int immediate, int medium, int longTerm) {
        SpeakerActivity activity = new SpeakerActivity(1);
        long t = 123_456_789L; // not aligned to a bin
        for (int ms = 0; ms < speechMs; ms += 20) {
            activity.onLevel(100, t + ms * MS);
            activity.onLevel(90, t + ms * MS + MS); // a second, quieter packet in the same bin counts once
        }
        activity.advanceTo(t + (speechMs - 20 + pauseMs) * MS);
        assertEquals(immediate, activity.immediate(), "immediate");
        assertEquals(medium, activity.medium(), "medium");
        assertEquals(longTerm, activity.longTerm(), "long");
        assertEquals(medium * 100, activity.mediumLoudness(), "medium loudness");
    }

    @ParameterizedTest(name = "clock back {0} ms keeps the counts, then advances from there")
    @CsvSource({"10", "1000", "100000"})
    void clockGoingBackReanchors(int backMs) {
        SpeakerActivity activity = new SpeakerActivity(1);
        for (int ms = 0; ms < 1000; ms += 20) {
            activity.onLevel(100, ms * MS);
        }
        long back = (980 - backMs) * MS;
        activity.advanceTo(back);
        assertEquals(50, activity.medium());
        activity.advanceTo(back + 200 * MS); // ten bins later
        assertEquals(40, activity.medium());
        assertEquals(5, activity.immediate());
    }
}
